import { revokeSessions } from "@/lib/auth";
import { revokeLearner } from "@/lib/auth/contract";
import { appDb } from "@/lib/db";
import { route } from "@/lib/server/route";

export const POST = route(revokeLearner, async (_input, { params }) => ({ ok: true as const, ...(await revokeSessions(await appDb(), params.id)) }), { access: "instructor" });

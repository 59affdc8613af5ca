import { inviteLearners } from "@/lib/cohort/contract";
import { inviteAll } from "@/lib/cohort/invite";
import { env } from "@/lib/config/env";
import { route } from "@/lib/server/route";

/** Links point at the public address, else at the lab as the instructor reached it (route() has checked the Host is this lab's). */
export const POST = route(inviteLearners, async ({ names, reusable, expiresInDays }, { req }) => ({ invited: await inviteAll(names, { reusable, expiresInS: expiresInDays && expiresInDays * 86_400 }, env().RAGCAMP_PUBLIC_URL ?? new URL(req.url).origin) }), { access: "instructor" });

import { inviteLearners } from "@/lib/cohort/contract";
import { inviteAll } from "@/lib/cohort/invite";
import { env } from "@/lib/config/env";
import { route } from "@/lib/server/route";

/**
 * Links point at the public address, else at the lab as the instructor
 * reached it: the Host header, which route() has checked is this lab's
 * (Next's req.url names its own bind address, e.g. localhost).
 */
export const POST = route(inviteLearners, async ({ names, reusable, expiresInDays }, { req }) => ({ invited: await inviteAll(names, { reusable, expiresInS: expiresInDays && expiresInDays * 86_400 }, env().RAGCAMP_PUBLIC_URL ?? `${new URL(req.url).protocol}//${req.headers.get("host")}`) }), { access: "instructor" });

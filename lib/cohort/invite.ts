import { appDb } from "@/lib/db";
import { checkInvites, invite, type LinkOptions } from "@/lib/learners/tokens";

/** Invites each name in turn (an existing learner gets a new link); each link points at `origin`, the lab as the learner reaches it. */
export async function inviteAll(names: readonly string[], opts: LinkOptions, origin: string) {
  const db = await appDb();
  await checkInvites(db, names);
  const invited = [];
  for (const name of names) {
    const { learner, token, added, expiresAt } = await invite(db, name, opts);
    invited.push({ learner, added, joinUrl: new URL(`/join/${token}`, origin).href, reusable: opts.reusable ?? false, expiresAt });
  }
  return invited;
}

import { createHash, randomBytes } from "node:crypto";
import type { AppDb, JoinLink, Learner } from "@/lib/db/app-db";
import { LabError } from "@/lib/errors";

/** Join tokens are stored only as hashes: a leaked database does not let anyone sign in. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Spaces that are not learners': the owner's (local mode, the instructor) and the course's. */
const RESERVED = new Set(["local", "shared"]);

/**
 * A learner's id: the name's ASCII letters and digits, joined by dashes. A
 * name written without them (张伟, Иван) has none, so its id is a short hash
 * of the name instead. Two names can still give one id; invite() refuses
 * the second rather than let two people share a space.
 */
export function learnerId(name: string): string {
  // Control and format characters (bidi overrides, zero-width) make a name on the dashboard read as another's.
  if (/[\p{Cc}\p{Cf}]/u.test(name)) throw new LabError("bad_input", `Learner name ${JSON.stringify(name)} holds an invisible or control character; type it plainly`);
  if (!/[\p{L}\p{N}]/u.test(name)) throw new LabError("bad_input", `Learner name "${name}" needs at least one letter or digit`);
  const id =
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 32) || `l-${hashToken(name.normalize("NFC")).slice(0, 10)}`;
  if (RESERVED.has(id)) throw new LabError("bad_input", `"${id}" is reserved; choose another name`);
  return id;
}

export interface LinkOptions {
  /** Usable again and again until it expires (single-use by default). */
  reusable?: boolean;
  /** Seconds from now; none, it never expires. */
  expiresInS?: number;
}

/** Instructor actions name a learner by id: an unknown one is a 404 before anything changes. */
export async function requireLearner(db: AppDb, id: string): Promise<void> {
  if (!(await db.learners.list()).some((l) => l.id === id)) throw new LabError("not_found", `No learner ${id}; see ragcamp learner list`);
}

/** A new link for an existing learner is asked for by their name or id; another name with the same id is another person. */
function refuseSharedId(name: string, id: string, existing: Pick<Learner, "id" | "name"> | undefined): void {
  if (existing && existing.name !== name && existing.id !== name) {
    throw new LabError("conflict", `"${name}" would share the id "${id}" with ${existing.name}, another learner: give ${name} a name that differs in its letters or digits (for example with a surname or a number).`);
  }
}

/** Checks a batch of names before any is invited, so a refused batch invites no one. */
export async function checkInvites(db: AppDb, names: readonly string[]): Promise<void> {
  const known = new Map<string, Pick<Learner, "id" | "name">>((await db.learners.list()).map((l) => [l.id, l]));
  for (const name of names) {
    const id = learnerId(name);
    refuseSharedId(name, id, known.get(id));
    known.set(id, { id, name });
  }
}

/**
 * Registers a learner, or finds the one of that name, and makes them a join
 * link; the returned token is shown once, in that link.
 */
export async function invite(db: AppDb, name: string, opts: LinkOptions = {}): Promise<{ learner: Learner; token: string; added: boolean; expiresAt: string | null }> {
  const id = learnerId(name);
  const token = randomBytes(24).toString("base64url");
  const tokenHash = hashToken(token);
  const existing = (await db.learners.list()).find((l) => l.id === id);
  const learner = existing ?? (await db.learners.add({ id, name, tokenHash }));
  // Checked after adding too: a concurrent invite may have taken the id first, under another name.
  refuseSharedId(name, id, learner);
  const expiresAt = opts.expiresInS === undefined ? null : new Date(Date.now() + opts.expiresInS * 1000).toISOString();
  // A new link replaces the old ones: an instructor re-invites because a link was lost or leaked. Sessions stay.
  if (existing) await db.learners.expireLinks(id, new Date().toISOString());
  await db.learners.addLink({ learner: id, tokenHash, reusable: opts.reusable ?? false, expiresAt });
  return { learner: { id: learner.id, name: learner.name, createdAt: learner.createdAt }, token, added: !existing, expiresAt };
}

export type LinkState = { state: "ok"; link: JoinLink } | { state: "used" | "expired"; link: JoinLink } | { state: "unknown" };

/** What a join link would do if used now; reading it changes nothing (a link previewer's GET). */
export async function linkState(db: AppDb, token: string, at = new Date().toISOString()): Promise<LinkState> {
  const link = await db.learners.byLink(hashToken(token));
  if (!link) return { state: "unknown" };
  if (link.expiresAt !== null && link.expiresAt <= at) return { state: "expired", link };
  if (!link.reusable && link.usedAt !== null) return { state: "used", link };
  return { state: "ok", link };
}

/** Uses the link up (a single-use one for good); the learner it admits, or why not. */
export async function useLink(db: AppDb, token: string): Promise<LinkState> {
  const at = new Date().toISOString();
  if (!(await db.learners.useLink(hashToken(token), at))) return linkState(db, token, at);
  const link = await db.learners.byLink(hashToken(token));
  return link ? { state: "ok", link } : { state: "unknown" };
}

/** `7d`, `12h`, `30m`: a link's lifetime in seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)([dhm])$/.exec(text.trim());
  if (!m || Number(m[1]) < 1) throw new LabError("bad_input", `"${text}" is not a duration: write e.g. 7d, 12h or 30m`);
  return Number(m[1]) * { d: 86_400, h: 3_600, m: 60 }[m[2] as "d" | "h" | "m"];
}

/** What a learner sees for a link that cannot be used. */
export const LINK_MESSAGES = {
  unknown: "This join link is not valid. Ask your instructor for a new link.",
  used: "This join link was already used: it works once. If you joined with it on another browser, you stay signed in there for 14 days; otherwise ask your instructor for a new link.",
  expired: "This join link has expired. Ask your instructor for a new link.",
} as const;

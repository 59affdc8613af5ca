import { createHash, randomBytes } from "node:crypto";
import type { AppDb, Learner } from "@/lib/db/app-db";
import { LabError } from "@/lib/errors";

/** Join tokens are stored only as hashes: a leaked database does not let anyone sign in. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function learnerId(name: string): string {
  const id = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32);
  if (!id) throw new LabError("bad_input", `Learner name "${name}" needs at least one letter or digit`);
  return id;
}

/** Registers a learner; the returned token is shown once, in their join link. */
export async function addLearner(db: AppDb, name: string): Promise<{ learner: Learner; token: string }> {
  const id = learnerId(name);
  if (id === "local" || id === "shared") throw new LabError("bad_input", `"${id}" is reserved; choose another name`);
  if ((await db.learners.list()).some((l) => l.id === id)) throw new LabError("conflict", `A learner "${id}" already exists`);
  const token = randomBytes(24).toString("base64url");
  return { learner: await db.learners.add({ id, name, tokenHash: hashToken(token) }), token };
}

export async function learnerForToken(db: AppDb, token: string | undefined): Promise<Learner | undefined> {
  return token ? db.learners.byTokenHash(hashToken(token)) : undefined;
}

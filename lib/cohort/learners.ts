import type { AppDb } from "@/lib/db/app-db";
import { LabError } from "@/lib/errors";

/** Instructor actions name a learner by id: an unknown one is a 404 before anything changes. */
export async function requireLearner(db: AppDb, id: string): Promise<void> {
  if (!(await db.learners.list()).some((l) => l.id === id)) throw new LabError("not_found", `No learner ${id}; see ragcamp learner list`);
}

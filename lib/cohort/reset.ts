/**
 * Resetting one learner: their jobs are stopped first, so none writes after
 * the delete, then their collections, scratch graph and every saved row go.
 * The learner stays registered and can start again.
 */
import { appDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import { lessons } from "@/lib/lessons/catalog";
import { requireLearner } from "@/lib/learners/tokens";
import { learnerPrefix } from "@/lib/vectorstore/names";
import { resetScratchGraph, services } from "@/lib/services";

/** How long a cancelled job may take to reach its next checkpoint before the reset gives up (and changes nothing). */
const STOP_WAIT_MS = 30_000;

export async function resetLearner(learnerId: string): Promise<{ learner: string; cancelledJobs: number; droppedCollections: number }> {
  const db = await appDb();
  await requireLearner(db, learnerId);
  const jobs = await services.jobs();
  const active = await db.jobs.list(learnerId, { active: true });
  await Promise.all(active.map((j) => jobs.cancel(learnerId, j.id)));
  const stopped = Promise.all(active.map((j) => jobs.wait(learnerId, j.id)));
  const late = new Promise<"late">((resolve) => setTimeout(resolve, STOP_WAIT_MS, "late").unref());
  if ((await Promise.race([stopped, late])) === "late") {
    throw new LabError("conflict", `A job of ${learnerId} is still stopping; nothing was deleted. Try the reset again in a minute.`);
  }
  const store = await services.chunkStore();
  const collections = await store.listCollections(learnerPrefix(learnerId));
  for (const c of collections) await store.dropCollection(c.name);
  await resetScratchGraph(learnerId);
  await db.learners.reset(learnerId);
  return { learner: learnerId, cancelledJobs: active.length, droppedCollections: collections.length };
}

/** One lesson of one learner, back to how the lesson ships; their other lessons, jobs and collections stay. */
export async function resetLearnerLesson(learnerId: string, lesson: string): Promise<{ learner: string; lesson: string; cancelledJobs: number; droppedCollections: number }> {
  const db = await appDb();
  await requireLearner(db, learnerId);
  if (!lessons().some((l) => l.slug === lesson)) throw new LabError("not_found", `No lesson ${lesson}`);
  await db.learners.resetLesson(learnerId, lesson);
  return { learner: learnerId, lesson, cancelledJobs: 0, droppedCollections: 0 };
}

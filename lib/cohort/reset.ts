/**
 * Resetting one learner: their jobs are stopped first, so none writes after
 * the delete, then their collections, scratch graph and every saved row go.
 * The learner stays registered and can start again.
 */
import { appDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import { requireLearner } from "./learners";
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

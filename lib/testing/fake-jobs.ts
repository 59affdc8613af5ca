/**
 * For tests: a job kind whose payload names a closure registered in this
 * process, so a test can queue any work through the real job manager, and a
 * queue several managers share (as instances share graphile-worker's).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { AppDb } from "@/lib/db/app-db";
import { jobKind, type JobRunContext } from "@/lib/jobs/kinds";
import { JobManager, type JobManagerOptions } from "@/lib/jobs/manager";
import { inProcessRunner, type ExecuteJob, type JobRunnerFactory, type QueuedJob } from "@/lib/jobs/runner";

type Work = (ctx: JobRunContext) => Promise<unknown>;
const works = new Map<string, Work>();

export const fakeWorkKind = jobKind("fake-work", z.strictObject({ work: z.string() }), async ({ work }, ctx) => {
  const run = works.get(work);
  works.delete(work);
  if (!run) throw new Error(`no work ${work} in this process`);
  return run(ctx);
});

/** Queues `work` as a job of `learner`'s. */
export function startWork(jobs: JobManager, learner: string, work: Work) {
  const name = randomUUID();
  works.set(name, work);
  return jobs.start(learner, fakeWorkKind, { work: name }, {});
}

export function openFakeJobs(db: AppDb, opts: Partial<JobManagerOptions> = {}): Promise<JobManager> {
  return JobManager.open(db, { kinds: [fakeWorkKind], runner: inProcessRunner, ...opts });
}

/**
 * One queue for every manager given it as its runner: each job runs on the
 * instance it was queued through, one job per learner at a time across all
 * of them, as with graphile-worker's named queues.
 */
export function fakeSharedQueue(): JobRunnerFactory {
  const waiting: { job: QueuedJob; execute: ExecuteJob; worker: string }[] = [];
  /** The worker running each learner's job. */
  const busy = new Map<string, string>();
  const pump = () => {
    for (const next of [...waiting]) {
      if (busy.has(next.job.learner)) continue;
      waiting.splice(waiting.indexOf(next), 1);
      busy.set(next.job.learner, next.worker);
      void next.execute(next.job, next.worker).finally(() => {
        if (busy.get(next.job.learner) === next.worker) busy.delete(next.job.learner);
        pump();
      });
    }
  };
  return async (execute) => {
    const worker = randomUUID();
    return {
      shared: true,
      async enqueue(job) {
        waiting.push({ job, execute, worker });
        pump();
      },
      // A stopped instance's learners may run their next job.
      async release(workers) {
        for (const [learner, holder] of busy) if (workers.includes(holder)) busy.delete(learner);
        pump();
      },
      close: async () => {},
    };
  };
}

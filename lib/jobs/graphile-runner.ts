/**
 * The queue instances share when the app database is PostgreSQL:
 * graphile-worker, in its own schema (graphile_worker, which it migrates
 * itself). One named queue per learner runs that learner's jobs one at a
 * time, whichever instance takes them; the job's record stays in our `job`
 * table, written by the instance that runs it.
 */
import { Logger, makeWorkerUtils, run } from "graphile-worker";
import { LabError } from "@/lib/errors";
import { logSafe } from "@/lib/errors/redact";
import { queuedJobSchema, type JobRunnerFactory } from "./runner";

const TASK = "ragcamp_job";
/** Jobs one instance runs at once, all learners together (each learner's own run one at a time anyway). */
const CONCURRENCY = 8;
/** New jobs arrive by LISTEN/NOTIFY at once; this poll catches queues a stopped instance's locks held. */
const POLL_MS = 2_000;

/** Only what needs a look, through the redaction every server log line gets. */
const logger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`job queue: ${logSafe(message)}`);
});

function unreachable(e: unknown): LabError {
  console.error(`job queue: could not add a job: ${logSafe(e)}`);
  return new LabError("unavailable", "The job queue in the app database is out of reach; try again shortly.");
}

export function graphileRunner(connectionString: string): JobRunnerFactory {
  return async (execute) => {
    const utils = await makeWorkerUtils({ connectionString, logger });
    await utils.migrate();
    const runner = await run({
      connectionString,
      logger,
      concurrency: CONCURRENCY,
      pollInterval: POLL_MS,
      // The app decides when the process stops, not graphile-worker.
      noHandleSignals: true,
      taskList: { [TASK]: async (payload, helpers) => execute(queuedJobSchema.parse(payload), helpers.job.locked_by) },
    });
    return {
      shared: true,
      async enqueue(job) {
        // No retries: a job run again by hand resumes from its finished parts, a silent retry could surprise.
        await utils.addJob(TASK, job, { queueName: `learner:${job.learner}`, jobKey: job.id, maxAttempts: 1 }).catch((e: unknown) => Promise.reject(unreachable(e)));
      },
      async release(workers) {
        await utils.forceUnlockWorkers(workers);
        // Their jobs, unlocked, are spent (one attempt each): drop them, and the learners' queues left empty.
        await utils.cleanup({ tasks: ["DELETE_PERMAFAILED_JOBS", "GC_JOB_QUEUES"] });
      },
      async close() {
        await runner.stop();
        await utils.release();
      },
    };
  };
}

/**
 * Where and when queued jobs run: the port between the job manager (records,
 * progress, cancellation) and a queue. The in-process runner is the embedded
 * setup's; lib/jobs/graphile-runner.ts shares one queue between instances.
 */
import { z } from "zod";
import { KeyedQueue } from "@/lib/async/keyed-queue";

/** A job as it waits in a queue: plain data only. */
export const queuedJobSchema = z.object({
  id: z.string(),
  learner: z.string(),
  kind: z.string(),
  payload: z.unknown(),
  /** The notebook whose LLM trace the job's calls go to (lib/llm/trace.ts). */
  trace: z.object({ learner: z.string(), notebook: z.string() }).optional(),
  /** Whose model budget the job's calls are charged to (lib/quotas/scope.ts); absent for the instructor and local mode. */
  budget: z.object({ learner: z.string() }).optional(),
});

export type QueuedJob = z.output<typeof queuedJobSchema>;

/** Runs one job to its end, however it ends (the manager records it); `worker` is the queue worker holding it, if any. */
export type ExecuteJob = (job: QueuedJob, worker: string | null) => Promise<void>;

export interface JobRunner {
  /** True when other instances take jobs from the same queue. */
  readonly shared: boolean;
  /** Queues a job whose record exists; each learner's jobs run one at a time, in order. */
  enqueue(job: QueuedJob): Promise<void>;
  /** Frees what queue workers of a stopped instance held (their learners' queues), so the next jobs can start. */
  release(workers: string[]): Promise<void>;
  /** Stops taking jobs and waits for those running here. */
  close(): Promise<void>;
}

export type JobRunnerFactory = (execute: ExecuteJob) => Promise<JobRunner>;

/** Jobs in this process's memory: gone with it, which is why a restart fails those left (JobManager.open). */
export const inProcessRunner: JobRunnerFactory = async (execute) => {
  const perLearner = new KeyedQueue();
  return {
    shared: false,
    async enqueue(job) {
      void perLearner.run(job.learner, () => execute(job, null));
    },
    release: async () => {},
    close: async () => {},
  };
};

import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { isLabError, LabError } from "@/lib/errors";
import { learnerMessage, logSafe } from "@/lib/errors/redact";
import type { AppDb, JobProgress, JobRecord } from "@/lib/db/app-db";

export interface JobContext {
  signal: AbortSignal;
  progress(p: JobProgress): void;
}

export type JobWork = (ctx: JobContext) => Promise<unknown>;

interface Pending {
  id: string;
  learner: string;
  work: JobWork;
  controller: AbortController;
}

/** Progress is written at most this often; a bar does not need more. */
const PROGRESS_EVERY_MS = 250;

/**
 * Runs long server-side work as jobs with ids. Each learner runs one heavy
 * job at a time and the rest wait in order; records live in the app
 * database, so a reloaded page (or the CLI) can re-attach by id.
 */
export class JobManager {
  private readonly queues = new Map<string, Pending[]>();
  private readonly running = new Map<string, Pending>();

  constructor(private readonly db: AppDb) {
    db.failInterruptedJobs("The server restarted while this job was running. Run it again: finished parts are kept.");
  }

  start(learner: string, kind: string, spec: unknown, work: JobWork): JobRecord {
    const id = randomUUID();
    const record = this.db.createJob({ id, learner, kind, spec });
    const queue = this.queues.get(learner) ?? [];
    // The work runs in the async context of the request that started it (its notebook's LLM trace, say),
    // not that of whichever job finished before it.
    queue.push({ id, learner, work: AsyncLocalStorage.bind(work), controller: new AbortController() });
    this.queues.set(learner, queue);
    this.pump(learner);
    return record;
  }

  get(learner: string, id: string): JobRecord {
    const job = this.db.getJob(learner, id);
    if (!job) throw new LabError("not_found", `No job ${id}`);
    return job;
  }

  cancel(learner: string, id: string): JobRecord {
    const job = this.get(learner, id);
    const active = this.running.get(learner);
    if (active?.id === id) {
      active.controller.abort();
    } else {
      const queue = this.queues.get(learner) ?? [];
      const i = queue.findIndex((p) => p.id === id);
      if (i >= 0) {
        queue.splice(i, 1);
        this.db.updateJob(id, { status: "cancelled" });
      }
    }
    return { ...job, ...this.db.getJob(learner, id) };
  }

  /** Resolves when the job leaves the queue and finishes, however it ends. */
  async wait(learner: string, id: string, pollMs = 100): Promise<JobRecord> {
    for (;;) {
      const job = this.get(learner, id);
      if (job.status !== "queued" && job.status !== "running") return job;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  private pump(learner: string): void {
    if (this.running.has(learner)) return;
    const next = this.queues.get(learner)?.shift();
    if (!next) return;
    this.running.set(learner, next);
    void this.execute(next).finally(() => {
      this.running.delete(learner);
      this.pump(learner);
    });
  }

  private async execute(job: Pending): Promise<void> {
    this.db.updateJob(job.id, { status: "running" });
    let last = 0;
    let unsaved: JobProgress | null = null;
    const ctx: JobContext = {
      signal: job.controller.signal,
      progress: (p) => {
        const now = Date.now();
        unsaved = p;
        if (now - last < PROGRESS_EVERY_MS && p.done < p.total) return;
        last = now;
        unsaved = null;
        this.db.updateJob(job.id, { progress: p });
      },
    };
    const flush = () => unsaved && this.db.updateJob(job.id, { progress: unsaved });
    try {
      const result = await job.work(ctx);
      flush();
      this.db.updateJob(job.id, { status: "done", result: result ?? null });
    } catch (e) {
      flush();
      if (job.controller.signal.aborted) {
        this.db.updateJob(job.id, { status: "cancelled", error: "Cancelled. Work finished before the stop is kept; run again to resume." });
      } else {
        // The learner reads job errors: upstream text may quote secrets, native errors name server paths.
        this.db.updateJob(job.id, { status: "failed", error: learnerMessage(e, `job ${job.id}`), errorCode: isLabError(e) ? e.code : "internal" });
        if (!isLabError(e)) console.error(`job ${job.id} failed: ${logSafe(e)}`);
      }
    }
  }
}

/** Throws if the job was cancelled; call between units of work. */
export function checkCancelled(signal: AbortSignal, message = "Cancelled"): void {
  if (signal.aborted) throw new LabError("conflict", message);
}

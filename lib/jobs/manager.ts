import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { isLabError, LabError } from "@/lib/errors";
import { learnerMessage, logSafe } from "@/lib/errors/redact";
import { KeyedQueue } from "@/lib/async/keyed-queue";
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
/** How a job's final write is retried while the app database is out of reach: from this pause, doubling up to the cap. */
const FINAL_RETRY_MS = { first: 500, max: 10_000 };

type JobChange = Parameters<AppDb["jobs"]["update"]>[1];

/**
 * Runs long server-side work as jobs with ids. Each learner runs one heavy
 * job at a time and the rest wait in order; records live in the app
 * database, so a reloaded page (or the CLI) can re-attach by id.
 */
export class JobManager {
  private readonly queues = new Map<string, Pending[]>();
  private readonly running = new Map<string, Pending>();
  /** One job's writes land in the order they were made: a slow progress or "running" write never lands after its final status. */
  private readonly writes = new KeyedQueue();

  private constructor(private readonly db: AppDb) {}

  /** Jobs a previous server process left queued or running are marked failed first, so no job this one creates is caught by it. */
  static async open(db: AppDb): Promise<JobManager> {
    await db.jobs.failInterrupted("The server restarted while this job was running. Run it again: finished parts are kept.");
    return new JobManager(db);
  }

  async start(learner: string, kind: string, spec: unknown, work: JobWork): Promise<JobRecord> {
    const id = randomUUID();
    const record = await this.db.jobs.create({ id, learner, kind, spec });
    const queue = this.queues.get(learner) ?? [];
    // The work runs in the async context of the request that started it (its notebook's LLM trace, say),
    // not that of whichever job finished before it.
    queue.push({ id, learner, work: AsyncLocalStorage.bind(work), controller: new AbortController() });
    this.queues.set(learner, queue);
    this.pump(learner);
    return record;
  }

  async get(learner: string, id: string): Promise<JobRecord> {
    const job = await this.db.jobs.get(learner, id);
    if (!job) throw new LabError("not_found", `No job ${id}`);
    return job;
  }

  async cancel(learner: string, id: string): Promise<JobRecord> {
    const job = await this.get(learner, id);
    const active = this.running.get(learner);
    if (active?.id === id) {
      active.controller.abort();
    } else {
      const queue = this.queues.get(learner) ?? [];
      const i = queue.findIndex((p) => p.id === id);
      if (i >= 0) queue.splice(i, 1);
      // Queued here, or marked active by a run this manager no longer holds: either way nothing runs it now.
      if (i >= 0 || job.status === "queued" || job.status === "running") await this.write(id, { status: "cancelled", error: i >= 0 ? null : "Cancelled: the server no longer held this job." });
    }
    return { ...job, ...(await this.db.jobs.get(learner, id)) };
  }

  /** Resolves when the job leaves the queue and finishes, however it ends. */
  async wait(learner: string, id: string, pollMs = 100): Promise<JobRecord> {
    for (;;) {
      const job = await this.get(learner, id);
      if (job.status !== "queued" && job.status !== "running") return job;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  private write(id: string, change: JobChange): Promise<void> {
    return this.writes.run(id, () => this.db.jobs.update(id, change));
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
    let ended = false;
    let last = 0;
    let unsaved: JobProgress | null = null;
    const ctx: JobContext = {
      signal: job.controller.signal,
      progress: (p) => {
        // Work that reports after it ended (a stray timer) changes nothing.
        if (ended) return;
        const now = Date.now();
        unsaved = p;
        if (now - last < PROGRESS_EVERY_MS && p.done < p.total) return;
        last = now;
        unsaved = null;
        this.write(job.id, { progress: p }).catch((e: unknown) => console.error(`job ${job.id}: could not save progress: ${logSafe(e)}`));
      },
    };
    let end: JobChange;
    try {
      await this.write(job.id, { status: "running" });
      end = { status: "done", result: (await job.work(ctx)) ?? null };
    } catch (e) {
      if (job.controller.signal.aborted) {
        end = { status: "cancelled", error: "Cancelled. Work finished before the stop is kept; run again to resume." };
      } else {
        // The learner reads job errors: upstream text may quote secrets, native errors name server paths.
        end = { status: "failed", error: learnerMessage(e, `job ${job.id}`), errorCode: isLabError(e) ? e.code : "internal" };
        if (!isLabError(e)) console.error(`job ${job.id} failed: ${logSafe(e)}`);
      }
    }
    ended = true;
    // The last progress reported goes with the final status, in one write.
    const final: JobChange = unsaved ? { progress: unsaved, ...end } : end;
    await this.recordEnd(job.id, final);
  }

  /**
   * The final status must land, or the job shows "running" for ever: while
   * the app database is out of reach, it is written again, with growing
   * pauses, until it is back. The learner's next job waits meanwhile (it
   * could not be recorded either).
   */
  private async recordEnd(id: string, final: JobChange): Promise<void> {
    for (let pause = FINAL_RETRY_MS.first; ; pause = Math.min(pause * 2, FINAL_RETRY_MS.max)) {
      try {
        return await this.write(id, final);
      } catch (e) {
        console.error(`job ${id}: could not record how it ended, trying again in ${pause} ms: ${logSafe(e)}`);
        if (!(isLabError(e) && e.code === "unavailable")) return;
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }
}

/** Throws if the job was cancelled; call between units of work. */
export function checkCancelled(signal: AbortSignal, message = "Cancelled"): void {
  if (signal.aborted) throw new LabError("conflict", message);
}

import { randomUUID } from "node:crypto";
import { isLabError, LabError } from "@/lib/errors";
import { learnerMessage, logSafe } from "@/lib/errors/redact";
import { KeyedQueue } from "@/lib/async/keyed-queue";
import type { AppDb, JobProgress, JobRecord } from "@/lib/db/app-db";
import { traceOrigin } from "@/lib/llm/trace";
import { withNotebookTrace } from "@/lib/llm/trace-log";
import { learnerBudgetScope, withLearnerBudget } from "@/lib/quotas/scope";
import type { JobKind } from "./kinds";
import type { JobRunner, JobRunnerFactory, QueuedJob } from "./runner";

export interface JobContext {
  signal: AbortSignal;
  progress(p: JobProgress): void;
}

/**
 * Jobs one learner may have queued or running at once. A queued job keeps its
 * payload (an uploaded caption file, up to 21 MB) in memory or in the queue,
 * so without a bound one learner could fill the server.
 */
const MAX_ACTIVE_JOBS = 8;

/** Progress is written at most this often; a bar does not need more. */
const PROGRESS_EVERY_MS = 250;
/** How a job's final write is retried while the app database is out of reach: from this pause, doubling up to the cap. */
const FINAL_RETRY_MS = { first: 500, max: 10_000 };

/** How instances sharing the database keep track of each other (milliseconds). */
export interface JobTiming {
  /** Each instance writes its heartbeat this often, and this often looks for instances gone silent. */
  heartbeatMs: number;
  /** An instance silent this long has stopped: its running jobs are failed. */
  silentMs: number;
  /** How often an instance looks for cancels of the jobs it runs that were asked for through another one. */
  cancelPollMs: number;
}

const DEFAULT_TIMING: JobTiming = { heartbeatMs: 10_000, silentMs: 30_000, cancelPollMs: 1_000 };

const MESSAGES = {
  restarted: "The server restarted while this job was running. Run it again: finished parts are kept.",
  instanceStopped: "The instance running this job stopped. Run it again: finished parts are kept.",
  stopping: "The server stopped while this job was running. Run it again: finished parts are kept.",
  notHeld: "Cancelled: the server no longer held this job.",
  cancelled: "Cancelled. Work finished before the stop is kept; run again to resume.",
};

type JobChange = Parameters<AppDb["jobs"]["update"]>[1];

export interface JobManagerOptions {
  /** Every kind this instance can run, by name. */
  kinds: readonly JobKind<unknown>[];
  runner: JobRunnerFactory;
  timing?: Partial<JobTiming>;
}

/**
 * Runs long server-side work as jobs with ids: a kind's name plus a plain
 * payload, queued through a runner (this process, or a queue instances
 * share). Each learner runs one heavy job at a time and the rest wait in
 * order; records live in the app database, so a reloaded page (or the CLI,
 * or another instance) can follow and cancel a job by id.
 */
export class JobManager {
  /** This process among the instances sharing the database. */
  readonly instance = randomUUID();
  private readonly kinds: Map<string, JobKind<unknown>>;
  private readonly timing: JobTiming;
  /** Jobs executing here: how to stop each, and its run to the end (final write included). */
  private readonly running = new Map<string, { controller: AbortController; ended: Promise<void> }>();
  /** One job's writes land in the order they were made: a slow progress write never lands after its final status. */
  private readonly writes = new KeyedQueue();
  private readonly timers: NodeJS.Timeout[] = [];
  private runner!: JobRunner;

  private constructor(
    private readonly db: AppDb,
    opts: JobManagerOptions,
  ) {
    this.kinds = new Map(opts.kinds.map((k) => [k.name, k]));
    this.timing = { ...DEFAULT_TIMING, ...opts.timing };
  }

  static async open(db: AppDb, opts: JobManagerOptions): Promise<JobManager> {
    const manager = new JobManager(db, opts);
    await db.instances.beat(manager.instance);
    manager.runner = await opts.runner((job, worker) => manager.execute(job, worker));
    // Jobs in one process's memory die with it: those a previous process left are failed before this one creates any.
    // Instances sharing a queue leave that to the heartbeat sweep, so starting one never fails another's jobs.
    if (!manager.runner.shared) await db.jobs.failInterrupted(MESSAGES.restarted);
    manager.repeat(manager.timing.heartbeatMs, "write this instance's heartbeat", () => db.instances.beat(manager.instance));
    manager.repeat(manager.timing.heartbeatMs, "look for stopped instances", () => manager.sweep());
    manager.repeat(manager.timing.cancelPollMs, "look for cancelled jobs", () => manager.pollCancels());
    return manager;
  }

  /** Records the job and queues it; the payload must fit `kind.payload` (it is checked again when the job runs). */
  async start<P>(learner: string, kind: JobKind<P>, payload: P, shown: unknown): Promise<JobRecord> {
    const active = await this.db.jobs.list(learner, { active: true, limit: MAX_ACTIVE_JOBS });
    if (active.length >= MAX_ACTIVE_JOBS) {
      throw new LabError("too_many_requests", `You have ${active.length} jobs queued or running, the most the lab holds for one learner: wait for one to finish, or cancel one, then start this again.`);
    }
    const id = randomUUID();
    const record = await this.db.jobs.create({ id, learner, kind: kind.name, spec: shown });
    // The trace scope of the request that queued it goes along as data: the job may run in another instance.
    const job: QueuedJob = JSON.parse(JSON.stringify({ id, learner, kind: kind.name, payload, trace: traceOrigin(), budget: learnerBudgetScope() }));
    try {
      await this.runner.enqueue(job);
    } catch (e) {
      await this.write(id, { status: "failed", error: "The job could not be queued. Run it again.", errorCode: "unavailable" }).catch(() => undefined);
      throw e;
    }
    return record;
  }

  async get(learner: string, id: string): Promise<JobRecord> {
    const job = await this.db.jobs.get(learner, id);
    if (!job) throw new LabError("not_found", `No job ${id}`);
    return job;
  }

  async cancel(learner: string, id: string): Promise<JobRecord> {
    const job = await this.get(learner, id);
    // Still queued: it never starts (the runner's claim fails).
    if (job.status === "queued" && (await this.db.jobs.cancelQueued(id))) return this.get(learner, id);
    const held = await this.db.jobs.requestCancel(id);
    if (held) {
      const here = this.running.get(id);
      if (here) here.controller.abort();
      // Marked running by no instance that runs it (a lost write, a restart): nothing else would end it.
      else if (!this.runner.shared || held.instance === null || held.instance === this.instance) await this.write(id, { status: "cancelled", error: MESSAGES.notHeld });
      // Otherwise the instance running it sees the flag within cancelPollMs, or, stopped, the sweep fails the job.
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

  /** Stops this instance: jobs running here end failed (they can be run again), the queue lets go, the heartbeat row goes. */
  async close(): Promise<void> {
    this.timers.forEach(clearInterval);
    const ending = [...this.running.values()];
    for (const { controller } of ending) controller.abort(MESSAGES.stopping);
    await Promise.all(ending.map((r) => r.ended));
    await this.runner.close();
    await this.db.instances.remove(this.instance);
  }

  /** Runs `task` every `ms`, never two at once; a failure is logged and the next round tries again. */
  private repeat(ms: number, what: string, task: () => Promise<unknown>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      task()
        .catch((e: unknown) => console.error(`jobs: could not ${what}: ${logSafe(e)}`))
        .finally(() => (busy = false));
    }, ms);
    // The heartbeat alone must not keep a process (a test, the CLI) alive.
    timer.unref();
    this.timers.push(timer);
  }

  private async sweep(): Promise<void> {
    const { workers } = await this.db.instances.reap(new Date(Date.now() - this.timing.silentMs).toISOString(), MESSAGES.instanceStopped);
    if (workers.length > 0) await this.runner.release(workers);
  }

  private async pollCancels(): Promise<void> {
    for (const id of await this.db.jobs.cancelRequested(this.instance)) {
      const here = this.running.get(id);
      if (here) here.controller.abort();
      else await this.write(id, { status: "cancelled", error: MESSAGES.notHeld });
    }
  }

  private write(id: string, change: JobChange): Promise<void> {
    return this.writes.run(id, () => this.db.jobs.update(id, change));
  }

  /** The runner's callback: one job, from its claim to its recorded end. */
  private async execute(job: QueuedJob, worker: string | null): Promise<void> {
    const controller = new AbortController();
    const ended = this.runToEnd(job, worker, controller);
    this.running.set(job.id, { controller, ended });
    try {
      await ended;
    } finally {
      this.running.delete(job.id);
    }
  }

  private async runToEnd(job: QueuedJob, worker: string | null, controller: AbortController): Promise<void> {
    let ended = false;
    let last = 0;
    let unsaved: JobProgress | null = null;
    const ctx: JobContext = {
      signal: controller.signal,
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
      // Cancelled while it waited: it never starts.
      if (!(await this.db.jobs.claim(job.id, this.instance, worker))) return;
      end = { status: "done", result: (await this.work(job, ctx)) ?? null };
    } catch (e) {
      if (controller.signal.aborted && controller.signal.reason === MESSAGES.stopping) {
        end = { status: "failed", error: MESSAGES.stopping, errorCode: "unavailable" };
      } else if (controller.signal.aborted) {
        end = { status: "cancelled", error: MESSAGES.cancelled };
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

  /** The kind's handler on the payload, checked first: a job queued by another version of the lab fails alone, saying why. */
  private async work(job: QueuedJob, ctx: JobContext): Promise<unknown> {
    const kind = this.kinds.get(job.kind);
    if (!kind) throw new LabError("bad_input", `This version of the lab has no "${job.kind}" job. Run it again.`);
    const parsed = kind.payload.safeParse(job.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
      throw new LabError("bad_input", `This job was queued by another version of the lab and its input no longer fits (${issue?.message ?? "invalid"}${at}). Run it again: finished parts are kept.`);
    }
    const { trace, budget } = job;
    const charged = () => kind.run(parsed.data, { ...ctx, learner: job.learner });
    const run = budget ? () => withLearnerBudget(budget, charged) : charged;
    return trace ? withNotebookTrace(trace, run) : run();
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

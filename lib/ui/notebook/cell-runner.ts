import { Kernel, type KernelOptions } from "@/lib/kernel/kernel";
import { parseCypherCell } from "@/lib/kernel/cypher-directives";
import { cypherOutputs } from "@/lib/kernel/cypher-outputs";
import { LabApiError, type ApiClient } from "@/lib/api/client";
import { graphQuery } from "@/lib/graph/contract";
import type { CellOutput, CellRun } from "@/lib/kernel/outputs";
import { settle } from "./cell-outcome";
import type { CellState } from "./cell-state";
import { jobAttachments } from "./job-attachments";
import { isActive, type JobFollower, type JobState } from "@/lib/api/job-follower";
import { jobEnd, jobPartial, jobProgress, StallClock } from "./job-view";
import { notebookApi, pageApi } from "./notebook-api";

export interface RunnerHooks {
  /** The cell's current code and kind, read when its turn comes. */
  cell(id: string): Pick<CellState, "kind" | "code" | "expect" | "timeoutS"> | undefined;
  update(id: string, change: Partial<CellState>): void;
  finished(id: string, run: CellRun): void;
  restarted(reason: "stopped" | "timeout" | "restart", cellId: string | undefined): void;
  /** A cell failed, so the cells queued after it did not run (Jupyter's way); `rest` can be run anyway. */
  halted(cellId: string, rest: string[]): void;
  /** The kernel stopped answering; only Restart brings it back. */
  dead(): void;
}

export interface RunnerOptions extends Omit<KernelOptions, "onRestart" | "onDead"> {
  /** A followed job whose counter has not moved for this long no longer keeps its cell alive. */
  jobStallMs: number;
}

const STOP_OUTPUTS = {
  stopped: { name: "Stopped", message: "You stopped this cell. The kernel was restarted, so variables from earlier cells are gone." },
  timeout: { name: "Timeout", message: "The cell ran past its time limit and was stopped. The kernel was restarted, so variables from earlier cells are gone." },
  dead: { name: "KernelDied", message: "The kernel stopped answering (a cell closed it or took over its messages). Press Restart to start a fresh one." },
};

const REATTACHED_NOTE =
  "The page was reloaded while this job ran, so the rest of this cell did not run. Run the cell again to use the result: finished work is reused.";

/** What the runner needs of a kernel; tests hand it a fake. */
export type CellKernel = Pick<Kernel, "run" | "answerJob" | "keepAlive" | "stop" | "restart" | "dispose">;

type RunOutcome = { status: "done" | "error" | "stopped" | "timeout" | "dead"; elapsedMs: number };

/**
 * Runs queued cells one at a time: code cells on the notebook's kernel (a
 * Web Worker), Cypher cells on the server's read-only graph endpoint. Jobs a
 * cell waits on are followed here, on the page, by the page's one job
 * follower: their bar is one output replaced in place (it never counts
 * against the worker's output cap) and it keeps the cell alive while the
 * job's counter moves.
 */
export class CellRunner {
  private readonly kernel: CellKernel;
  private queue: string[] = [];
  private running: string | null = null;
  private graphRequest: AbortController | null = null;
  /** Each cell's outputs of its latest run, which a job it started may still update. */
  private readonly outputs = new Map<string, CellOutput[]>();
  /** Each cell's latest run; a job's updates apply only to the run that started it. */
  private readonly runOf = new Map<string, number>();
  private readonly lastRun = new Map<string, Omit<CellRun, "outputs">>();
  /** "Run the rest anyway": errors do not stop the queue until it empties. */
  private keepGoing = false;
  private readonly unwatch = new Set<() => void>();
  private nextRun = 1;

  constructor(
    private readonly options: RunnerOptions,
    private readonly hooks: RunnerHooks,
    private readonly follower: JobFollower,
    makeKernel: (options: KernelOptions) => CellKernel = (o) => new Kernel(o),
    /** Where Cypher cells send their query; tests hand it a fake server. */
    private readonly api: ApiClient = pageApi,
  ) {
    this.kernel = makeKernel({ ...options, onRestart: (reason) => hooks.restarted(reason, this.running ?? undefined), onDead: () => hooks.dead() });
  }

  enqueue(ids: string[], opts: { keepGoing?: boolean } = {}): void {
    if (opts.keepGoing) this.keepGoing = true;
    for (const id of ids) {
      if (this.queue.includes(id) || this.running === id) continue;
      this.queue.push(id);
      this.hooks.update(id, { status: "queued" });
    }
    void this.drain();
  }

  stop(): void {
    // A graph query is a request, not kernel code: abort it and keep the kernel.
    if (this.graphRequest) this.graphRequest.abort();
    else this.kernel.stop();
  }

  restart(): void {
    this.clearQueue();
    this.kernel.restart();
  }

  dispose(): void {
    for (const stop of this.unwatch) stop();
    this.kernel.dispose();
  }

  /** Puts the bars of jobs cells started before a reload back in those cells, live. */
  reattach(lesson: string, cellIds: readonly string[]): void {
    for (const a of jobAttachments.forLesson(lesson)) {
      if (!cellIds.includes(a.cellId) || this.runOf.has(a.cellId)) continue;
      const run = this.beginOutputs(a.cellId);
      this.hooks.update(a.cellId, { status: "running", outputs: [], elapsedMs: undefined, startedAt: Date.now() });
      this.watchJob(a.cellId, run, a.jobId, a.label, { reattached: true });
    }
  }

  private beginOutputs(cellId: string): number {
    const run = this.nextRun++;
    this.runOf.set(cellId, run);
    this.outputs.set(cellId, []);
    return run;
  }

  /** Adds an output to a cell's run; one with an id (a job's bar, a streamed reply) replaces its earlier state. */
  private show(cellId: string, o: CellOutput): void {
    const outputs = this.outputs.get(cellId) ?? [];
    const key = "id" in o ? o.id : undefined;
    const i = key ? outputs.findIndex((x) => "id" in x && x.id === key) : -1;
    if (i >= 0) outputs[i] = o;
    else outputs.push(o);
    this.outputs.set(cellId, outputs);
    this.hooks.update(cellId, { outputs: [...outputs] });
  }

  /**
   * Follows one job for one run of a cell. While the kernel runs that cell,
   * a moving counter restarts its time limit, a stalled one ends the wait
   * with "job stalled", and the job's end is passed to the waiting code.
   * Once the run is over the bar is still kept live, and its final state is saved.
   */
  private watchJob(cellId: string, run: number, jobId: string, label: string, opts: { reattached: boolean }): void {
    jobAttachments.remember({ jobId, lesson: this.options.notebook, cellId, label });
    const clock = new StallClock(performance.now());
    let stalledS: number | undefined;
    const waiting = () => !opts.reattached && this.running === cellId && this.runOf.get(cellId) === run;
    const stop = this.follower.watch(jobId, (job: JobState) => {
      if (this.runOf.get(cellId) !== run) return this.stopWatching(stop);
      const partial = jobPartial(job, this.options.maxOutputBytes);
      if (isActive(job)) {
        const still = clock.see(job, performance.now());
        if (stalledS === undefined && still >= this.options.jobStallMs) {
          stalledS = Math.round(still / 1000);
          if (waiting()) this.kernel.answerJob(jobId, { status: "stalled", stalledS });
        }
        if (stalledS === undefined && waiting()) this.kernel.keepAlive();
        this.show(cellId, jobProgress(job, label, still >= this.options.jobStallMs ? Math.round(still / 1000) : undefined));
        if (partial) this.show(cellId, partial);
        return;
      }
      this.stopWatching(stop);
      jobAttachments.forget(jobId);
      this.show(cellId, jobProgress(job, label));
      if (partial) this.show(cellId, partial);
      if (waiting() && stalledS === undefined) return this.kernel.answerJob(jobId, jobEnd(job));
      if (opts.reattached) {
        this.show(cellId, { kind: "text", stream: "info", text: REATTACHED_NOTE });
        this.lastRun.set(cellId, { status: job.status === "done" ? "done" : "error", elapsedMs: Date.parse(job.updatedAt) - Date.parse(job.createdAt) || 0 });
        this.hooks.update(cellId, { status: this.lastRun.get(cellId)!.status });
      }
      // The run already ended (and was saved) with the bar still live: save its final state.
      const last = this.lastRun.get(cellId);
      if (last && this.running !== cellId) this.hooks.finished(cellId, { ...last, outputs: [...(this.outputs.get(cellId) ?? [])] });
    });
    this.unwatch.add(stop);
  }

  private stopWatching(stop: () => void): void {
    stop();
    this.unwatch.delete(stop);
  }

  private async runGraph(cypher: string, onOutput: (o: CellOutput) => void): Promise<RunOutcome> {
    const started = performance.now();
    const controller = new AbortController();
    this.graphRequest = controller;
    const timer = setTimeout(() => controller.abort("timeout"), this.options.timeoutMs);
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const result = await this.api.call(graphQuery, { input: parseCypherCell(cypher), signal: controller.signal });
      cypherOutputs(result, this.options.maxOutputBytes).forEach(onOutput);
      return { status: "done", elapsedMs: elapsed() };
    } catch (e) {
      if (controller.signal.aborted) return { status: controller.signal.reason === "timeout" ? "timeout" : "stopped", elapsedMs: elapsed() };
      const err = e instanceof Error ? e : new Error(String(e));
      // The server's refusal (bad Cypher, a write on the shared graph) or a bad :param line is the query's fault, not the network's.
      const name = err instanceof LabApiError || err.name === "SyntaxError" ? "CypherError" : "NetworkError";
      onOutput({ kind: "error", name, message: err.message });
      return { status: "error", elapsedMs: elapsed() };
    } finally {
      clearTimeout(timer);
      this.graphRequest = null;
    }
  }

  private clearQueue(): void {
    for (const id of this.queue) this.hooks.update(id, { status: "idle" });
    this.queue = [];
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    const id = this.queue.shift();
    if (!id) return;
    const cell = this.hooks.cell(id);
    if (!cell) return this.drain();
    this.running = id;
    const run = this.beginOutputs(id);
    this.hooks.update(id, { status: "running", outputs: [], elapsedMs: undefined, startedAt: Date.now() });
    const onOutput = (o: CellOutput) => this.show(id, o);
    const result =
      cell.kind === "cypher"
        ? await this.runGraph(cell.code, onOutput)
        : await this.kernel.run(
            id,
            cell.kind,
            cell.code,
            { onOutput, onFollow: (jobId, label) => this.watchJob(id, run, jobId, label, { reattached: false }) },
            cell.timeoutS === undefined ? undefined : cell.timeoutS * 1000,
          );
    const outputs = this.outputs.get(id) ?? [];
    if (result.status === "stopped" || result.status === "timeout" || result.status === "dead") {
      // The server-side jobs this cell was following stop with it.
      for (const o of outputs) {
        if (o.kind === "progress" && (o.status === "running" || o.status === "queued")) {
          notebookApi.cancelJob(o.id).catch(() => undefined);
          Object.assign(o, { status: "cancelled", message: "Cancelled with the cell" });
        }
      }
      const stop = STOP_OUTPUTS[result.status];
      const message = cell.kind === "cypher" ? `Query ${result.status === "timeout" ? "stopped after the time limit" : "stopped"}.` : stop.message;
      outputs.push({ kind: "error", name: stop.name, message });
      // Stop and a dead kernel end Run all; a time limit the lesson expects does not.
      if (result.status !== "timeout") this.clearQueue();
    }
    const { status, add } = settle(cell, result.status, outputs);
    outputs.push(...add);
    if (status === "error" && !this.keepGoing && this.queue.length > 0) {
      this.hooks.halted(id, [...this.queue]);
      this.clearQueue();
    }
    if (this.queue.length === 0) this.keepGoing = false;
    this.lastRun.set(id, { status, elapsedMs: result.elapsedMs });
    this.hooks.update(id, { status, outputs: [...outputs], elapsedMs: result.elapsedMs });
    this.running = null;
    this.hooks.finished(id, { status, outputs: [...outputs], elapsedMs: result.elapsedMs });
    return this.drain();
  }
}

import type { z } from "zod";
import type { CellOutput, ErrorOutput } from "./outputs";
import { kernelEvent, type JobEnd, type KernelRequest } from "./protocol";

/** dead: the worker never acknowledged the run (a cell closed it or replaced its handlers). */
export type RunStatus = "done" | "error" | "stopped" | "timeout" | "dead";
export interface RunResult {
  status: RunStatus;
  elapsedMs: number;
}

export interface KernelOptions {
  maxOutputBytes: number;
  /** The lesson slug; the server files the notebook's LLM calls under it. */
  notebook: string;
  timeoutMs: number;
  /** Called after the worker was replaced, so the page can say variables are gone. */
  onRestart(reason: "stopped" | "timeout" | "restart"): void;
  /** Called when the worker stopped answering; it stays dead until `restart`. */
  onDead(): void;
}

/** An idle worker answers a run at once; one that has not within this long is dead. */
const ACK_MS = 3_000;

export interface RunHandlers {
  onOutput(output: CellOutput): void;
  /** The cell waits on a server job; answer with `answerJob` once it ends. */
  onFollow(jobId: string, label: string): void;
}

interface PendingRun extends RunHandlers {
  runId: number;
  /** An output of this run failed validation, so the run counts as failed. */
  refused?: boolean;
  finish(status: RunStatus): void;
  /** Restarts the time limit. */
  extend(): void;
  /** The worker picked the run up. */
  started(): void;
}

/** The error a cell shows for an output message of its run that failed validation, naming the field. */
export function refusedOutput(data: unknown, runId: number, error: z.ZodError): ErrorOutput | null {
  if (typeof data !== "object" || data === null || Reflect.get(data, "type") !== "output" || Reflect.get(data, "runId") !== runId) return null;
  const issue = error.issues[0];
  const output: unknown = Reflect.get(data, "output");
  const kind = typeof output === "object" && output !== null ? Reflect.get(output, "kind") : undefined;
  const field = issue.path.slice(1).join(".") || "output";
  return { kind: "error", name: "InvalidOutput", message: `This ${typeof kind === "string" ? kind.slice(0, 40) : "output"} cannot be shown: ${field}: ${issue.message}` };
}

/**
 * The page's handle on a notebook's worker. Runs are one at a time; stopping
 * terminates the worker outright (a busy loop never yields to a message), so
 * Stop takes effect at once and the page stays responsive.
 */
export class Kernel {
  private worker: Worker;
  private nextRunId = 1;
  private pending: PendingRun | null = null;
  private dead = false;
  private ping = { n: 0, runId: 0 };

  constructor(private readonly opts: KernelOptions) {
    this.worker = this.spawn();
  }

  /** Runs a cell; `timeoutMs` overrides the notebook's limit for this one (a fence's `timeout=`). */
  run(cellId: string, kind: "ts" | "js", code: string, handlers: RunHandlers, timeoutMs = this.opts.timeoutMs): Promise<RunResult> {
    if (this.pending) return Promise.reject(new Error("Another cell is still running"));
    const runId = this.nextRunId++;
    const started = performance.now();
    if (this.dead) return Promise.resolve({ status: "dead", elapsedMs: 0 });
    return new Promise<RunResult>((resolve) => {
      let timer = setTimeout(() => this.kill("timeout"), timeoutMs);
      const ack = setTimeout(() => {
        this.dead = true;
        this.pending?.finish("dead");
        this.opts.onDead();
      }, ACK_MS);
      this.pending = {
        runId,
        ...handlers,
        started: () => clearTimeout(ack),
        extend: () => {
          clearTimeout(timer);
          timer = setTimeout(() => this.kill("timeout"), timeoutMs);
        },
        finish: (status) => {
          clearTimeout(timer);
          clearTimeout(ack);
          this.pending = null;
          resolve({ status, elapsedMs: Math.round(performance.now() - started) });
        },
      };
      this.post({ type: "run", runId, cellId, kind, code });
    });
  }

  /**
   * A job the running cell follows made progress: restart the time limit,
   * but only once the worker answers a ping. A worker whose own code spins
   * never answers, so the limit still stops it.
   */
  keepAlive(): void {
    if (!this.pending) return;
    this.ping = { n: this.ping.n + 1, runId: this.pending.runId };
    this.post({ type: "ping", n: this.ping.n });
  }

  /** Tells the running cell how the job it waits on ended. */
  answerJob(jobId: string, end: JobEnd): void {
    this.post({ type: "job", jobId, end });
  }

  /** Stops the running cell (if any) by replacing the worker. */
  stop(): void {
    this.kill("stopped");
  }

  restart(): void {
    this.kill("restart");
  }

  dispose(): void {
    this.worker.terminate();
  }

  private kill(reason: "stopped" | "timeout" | "restart"): void {
    this.worker.terminate();
    this.worker = this.spawn();
    this.dead = false;
    this.pending?.finish(reason === "timeout" ? "timeout" : "stopped");
    this.opts.onRestart(reason);
  }

  private spawn(): Worker {
    const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "ragcamp-kernel" });
    worker.onmessage = (ev: MessageEvent<unknown>) => {
      const parsed = kernelEvent.safeParse(ev.data);
      const run = this.pending;
      if (!run) return;
      if (!parsed.success) {
        // An output the page cannot draw (a chart spec with a bad field, say) is an error in its cell, not silence.
        const refused = refusedOutput(ev.data, run.runId, parsed.error);
        if (refused) {
          run.refused = true;
          run.onOutput(refused);
        }
        return;
      }
      const event = parsed.data;
      if (event.type === "pong") {
        if (event.n === this.ping.n && this.ping.runId === run.runId) run.extend();
        return;
      }
      if (event.runId !== run.runId) return;
      if (event.type === "started") run.started();
      else if (event.type === "output") run.onOutput(event.output);
      else if (event.type === "follow") run.onFollow(event.jobId, event.label);
      else run.finish(event.ok && !run.refused ? "done" : "error");
    };
    worker.postMessage({ type: "init", origin: location.origin, maxOutputBytes: this.opts.maxOutputBytes, notebook: this.opts.notebook } satisfies KernelRequest);
    return worker;
  }

  private post(msg: KernelRequest): void {
    this.worker.postMessage(msg);
  }
}

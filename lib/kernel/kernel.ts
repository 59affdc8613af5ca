import type { CellOutput } from "./outputs";
import { kernelEvent, type KernelRequest } from "./protocol";

export type RunStatus = "done" | "error" | "stopped" | "timeout";
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
}

interface PendingRun {
  runId: number;
  started: number;
  onOutput(output: CellOutput): void;
  finish(status: RunStatus): void;
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

  constructor(private readonly opts: KernelOptions) {
    this.worker = this.spawn();
  }

  run(cellId: string, kind: "ts" | "js", code: string, onOutput: (o: CellOutput) => void): Promise<RunResult> {
    if (this.pending) return Promise.reject(new Error("Another cell is still running"));
    const runId = this.nextRunId++;
    const started = performance.now();
    return new Promise<RunResult>((resolve) => {
      let timer = setTimeout(() => this.kill("timeout"), this.opts.timeoutMs);
      let lastStep = "";
      this.pending = {
        runId,
        started,
        onOutput: (output) => {
          // The limit catches cells that hang. A cell following a server job (an ingest, a grid) waits on
          // work that can be cancelled, so each step the job takes restarts the clock. The cell reports the
          // job on every poll: only a changed stage, count or message is a step, so a stalled job still times out,
          // and so does a busy loop, which reports nothing.
          if (output.kind === "progress" && (output.status === "queued" || output.status === "running")) {
            const step = `${output.id} ${output.status} ${output.stage} ${output.done} ${output.message}`;
            if (step !== lastStep) {
              lastStep = step;
              clearTimeout(timer);
              timer = setTimeout(() => this.kill("timeout"), this.opts.timeoutMs);
            }
          }
          onOutput(output);
        },
        finish: (status) => {
          clearTimeout(timer);
          this.pending = null;
          resolve({ status, elapsedMs: Math.round(performance.now() - started) });
        },
      };
      this.post({ type: "run", runId, cellId, kind, code });
    });
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
    this.pending?.finish(reason === "timeout" ? "timeout" : "stopped");
    this.opts.onRestart(reason);
  }

  private spawn(): Worker {
    const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "ragcamp-kernel" });
    worker.onmessage = (ev: MessageEvent<unknown>) => {
      const parsed = kernelEvent.safeParse(ev.data);
      const run = this.pending;
      if (!parsed.success || !run || parsed.data.runId !== run.runId) return;
      if (parsed.data.type === "output") run.onOutput(parsed.data.output);
      else run.finish(parsed.data.ok ? "done" : "error");
    };
    worker.postMessage({ type: "init", origin: location.origin, maxOutputBytes: this.opts.maxOutputBytes, notebook: this.opts.notebook } satisfies KernelRequest);
    return worker;
  }

  private post(msg: KernelRequest): void {
    this.worker.postMessage(msg);
  }
}

import { Kernel, type KernelOptions } from "@/lib/kernel/kernel";
import type { CellOutput } from "@/lib/kernel/outputs";
import type { CellState } from "./cell-state";
import { notebookApi } from "./notebook-api";

export interface RunnerHooks {
  /** The cell's current code and kind, read when its turn comes. */
  cell(id: string): Pick<CellState, "kind" | "code"> | undefined;
  update(id: string, change: Partial<CellState>): void;
  finished(id: string, run: { status: "done" | "error"; outputs: CellOutput[]; elapsedMs: number }): void;
  restarted(reason: "stopped" | "timeout" | "restart", cellId: string | undefined): void;
}

const STOP_MESSAGES = {
  stopped: "Stopped. The kernel was restarted, so variables from earlier cells are gone.",
  timeout: "Stopped after the time limit. The kernel was restarted, so variables from earlier cells are gone.",
};

/** Runs queued cells one at a time on the notebook's kernel. */
export class CellRunner {
  private readonly kernel: Kernel;
  private queue: string[] = [];
  private running: string | null = null;

  constructor(
    options: Omit<KernelOptions, "onRestart">,
    private readonly hooks: RunnerHooks,
  ) {
    this.kernel = new Kernel({ ...options, onRestart: (reason) => hooks.restarted(reason, this.running ?? undefined) });
  }

  enqueue(ids: string[]): void {
    for (const id of ids) {
      if (this.queue.includes(id) || this.running === id) continue;
      this.queue.push(id);
      this.hooks.update(id, { status: "queued" });
    }
    void this.drain();
  }

  stop(): void {
    this.kernel.stop();
  }

  restart(): void {
    this.clearQueue();
    this.kernel.restart();
  }

  dispose(): void {
    this.kernel.dispose();
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
    const outputs: CellOutput[] = [];
    this.hooks.update(id, { status: "running", outputs: [], elapsedMs: undefined });
    const result = await this.kernel.run(id, cell.kind, cell.code, (o) => {
      // A job's progress replaces its previous state instead of piling up.
      const i = o.kind === "progress" ? outputs.findIndex((x) => x.kind === "progress" && x.id === o.id) : -1;
      if (i >= 0) outputs[i] = o;
      else outputs.push(o);
      this.hooks.update(id, { outputs: [...outputs] });
    });
    if (result.status === "stopped" || result.status === "timeout") {
      // The server-side jobs this cell was following stop with it.
      for (const o of outputs) {
        if (o.kind === "progress" && (o.status === "running" || o.status === "queued")) {
          notebookApi.cancelJob(o.id).catch(() => undefined);
          Object.assign(o, { status: "cancelled", message: "Cancelled with the cell" });
        }
      }
      outputs.push({ kind: "error", name: "Stopped", message: STOP_MESSAGES[result.status] });
      // Cells queued after a stopped one depended on it.
      this.clearQueue();
    }
    const status = result.status === "done" ? "done" : "error";
    this.hooks.update(id, { status, outputs: [...outputs], elapsedMs: result.elapsedMs });
    this.running = null;
    this.hooks.finished(id, { status, outputs, elapsedMs: result.elapsedMs });
    return this.drain();
  }
}

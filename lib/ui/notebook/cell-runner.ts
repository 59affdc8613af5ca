import { Kernel, type KernelOptions } from "@/lib/kernel/kernel";
import { parseCypherCell } from "@/lib/kernel/cypher-directives";
import { cypherOutputs, type CypherResponse } from "@/lib/kernel/cypher-outputs";
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

type RunOutcome = { status: "done" | "error" | "stopped" | "timeout"; elapsedMs: number };

/**
 * Runs queued cells one at a time: code cells on the notebook's kernel (a
 * Web Worker), Cypher cells on the server's read-only graph endpoint.
 */
export class CellRunner {
  private readonly kernel: Kernel;
  private queue: string[] = [];
  private running: string | null = null;
  private graphRequest: AbortController | null = null;

  constructor(
    private readonly options: Omit<KernelOptions, "onRestart">,
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
    // A graph query is a request, not kernel code: abort it and keep the kernel.
    if (this.graphRequest) this.graphRequest.abort();
    else this.kernel.stop();
  }

  restart(): void {
    this.clearQueue();
    this.kernel.restart();
  }

  dispose(): void {
    this.kernel.dispose();
  }

  private async runGraph(cypher: string, onOutput: (o: CellOutput) => void): Promise<RunOutcome> {
    const started = performance.now();
    const controller = new AbortController();
    this.graphRequest = controller;
    const timer = setTimeout(() => controller.abort("timeout"), this.options.timeoutMs);
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const res = await fetch("/api/graph/query", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(parseCypherCell(cypher)),
        signal: controller.signal,
      });
      const payload = (await res.json()) as CypherResponse & { error?: { message: string } };
      if (!res.ok) {
        onOutput({ kind: "error", name: "CypherError", message: payload.error?.message ?? `HTTP ${res.status}` });
        return { status: "error", elapsedMs: elapsed() };
      }
      cypherOutputs(payload, this.options.maxOutputBytes).forEach(onOutput);
      return { status: "done", elapsedMs: elapsed() };
    } catch (e) {
      if (controller.signal.aborted) return { status: controller.signal.reason === "timeout" ? "timeout" : "stopped", elapsedMs: elapsed() };
      const err = e instanceof Error ? e : new Error(String(e));
      onOutput({ kind: "error", name: err.name === "SyntaxError" ? "CypherError" : "NetworkError", message: err.message });
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
    const outputs: CellOutput[] = [];
    this.hooks.update(id, { status: "running", outputs: [], elapsedMs: undefined });
    const onOutput = (o: CellOutput) => {
      // Outputs with an id (job progress, streaming replies) replace their previous state.
      const key = "id" in o ? o.id : undefined;
      const i = key ? outputs.findIndex((x) => "id" in x && x.id === key) : -1;
      if (i >= 0) outputs[i] = o;
      else outputs.push(o);
      this.hooks.update(id, { outputs: [...outputs] });
    };
    const result = cell.kind === "cypher" ? await this.runGraph(cell.code, onOutput) : await this.kernel.run(id, cell.kind, cell.code, onOutput);
    if (result.status === "stopped" || result.status === "timeout") {
      // The server-side jobs this cell was following stop with it.
      for (const o of outputs) {
        if (o.kind === "progress" && (o.status === "running" || o.status === "queued")) {
          notebookApi.cancelJob(o.id).catch(() => undefined);
          Object.assign(o, { status: "cancelled", message: "Cancelled with the cell" });
        }
      }
      const message = cell.kind === "cypher" ? `Query ${result.status === "timeout" ? "stopped after the time limit" : "stopped"}.` : STOP_MESSAGES[result.status];
      outputs.push({ kind: "error", name: "Stopped", message });
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

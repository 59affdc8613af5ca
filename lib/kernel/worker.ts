/// <reference lib="webworker" />
// The notebook kernel: one Web Worker per open notebook. Learner code runs
// here, never on the server, and reaches the server only through `lab`.
import { createApiClient, LabApiError, NOTEBOOK_HEADER } from "@/lib/api/client";
import { createLab } from "@/lib/sdk/lab";
import type { CellOutput } from "./outputs";
import { prepareCell, CellSyntaxError } from "./prepare-cell";
import type { JobEnd, KernelEvent, KernelRequest } from "./protocol";
import { formatValue, textOutput, valueOutput } from "./to-output";

// Captured before any cell runs: a cell that reassigns self.postMessage or self.onmessage does not cut the kernel off.
const postMessage = self.postMessage.bind(self);
const post = (event: KernelEvent) => postMessage(event);
const AsyncFunction = (async () => {}).constructor as new (body: string) => () => Promise<unknown>;

let maxOutputBytes = 1024 * 1024;
// Output from timers that fire after a cell finished goes to the latest run.
let currentRun = 0;
const MAX_OUTPUTS_PER_RUN = 400;
let emitted = 0;
// Jobs the running cell waits on; the page follows them and says how each ended.
const followed = new Map<string, (end: JobEnd) => void>();

function follow(jobId: string, label: string): Promise<JobEnd> {
  post({ type: "follow", runId: currentRun, jobId, label });
  return new Promise((resolve) => followed.set(jobId, resolve));
}

function emit(output: CellOutput): void {
  emitted++;
  if (emitted > MAX_OUTPUTS_PER_RUN) {
    if (emitted === MAX_OUTPUTS_PER_RUN + 1) {
      post({ type: "output", runId: currentRun, output: textOutput(`Output limit of ${MAX_OUTPUTS_PER_RUN} items reached; further output is dropped.`, "warn", maxOutputBytes) });
    }
    return;
  }
  post({ type: "output", runId: currentRun, output });
}

for (const [method, stream] of [["log", "log"], ["info", "info"], ["warn", "warn"], ["error", "error"], ["debug", "log"]] as const) {
  console[method] = (...args: unknown[]) => emit(textOutput(args.map(formatValue).join(" "), stream, maxOutputBytes));
}

// V8 puts two header lines before a Function body; measure rather than assume.
const LINE_OFFSET = (() => {
  try {
    new Function("throw new Error()\n//# sourceURL=cell-probe.js")();
  } catch (e) {
    const m = /cell-probe\.js:(\d+)/.exec(String((e as Error).stack));
    if (m) return Number(m[1]) - 1;
  }
  return 0;
})();

function errorOutput(e: unknown, cellId: string): CellOutput {
  if (e instanceof CellSyntaxError) return { kind: "error", name: "SyntaxError", message: e.message, line: e.line, column: e.column };
  const err = e instanceof Error ? e : new Error(formatValue(e));
  const at = new RegExp(`cell-${cellId}\\.js:(\\d+):(\\d+)`).exec(String(err.stack));
  return {
    kind: "error",
    name: err.name,
    message: err.message,
    // The lab's error class (not_configured: no chat model) lets the page tell "needs a model" from a failure.
    code: e instanceof LabApiError ? e.code : undefined,
    line: at ? Number(at[1]) - LINE_OFFSET : undefined,
    column: at ? Number(at[2]) : undefined,
  };
}

async function run(req: Extract<KernelRequest, { type: "run" }>): Promise<void> {
  currentRun = req.runId;
  post({ type: "started", runId: req.runId });
  emitted = 0;
  try {
    const { body, names } = prepareCell(req.code, req.kind);
    for (const n of names) if (!(n in globalThis)) Reflect.set(globalThis, n, undefined);
    const fn = new AsyncFunction(`${body}\n//# sourceURL=cell-${req.cellId}.js`);
    const value = await fn();
    if (value !== undefined) emit(valueOutput(value, maxOutputBytes));
    post({ type: "done", runId: req.runId, ok: true });
  } catch (e) {
    emit(errorOutput(e, req.cellId));
    post({ type: "done", runId: req.runId, ok: false });
  }
}

self.addEventListener("message", (ev: MessageEvent<KernelRequest>) => {
  const msg = ev.data;
  if (msg.type === "init") {
    maxOutputBytes = msg.maxOutputBytes;
    const fetchFn = self.fetch.bind(self);
    // Every request names its notebook, so the server can file its LLM calls in that notebook's trace.
    const headers = { [NOTEBOOK_HEADER]: msg.notebook };
    const api = createApiClient({ origin: msg.origin, fetch: fetchFn, headers });
    const lab = createLab({ emit, follow, api, maxOutputBytes });
    Object.defineProperty(globalThis, "lab", { value: lab, writable: false, configurable: false });
  } else if (msg.type === "run") {
    void run(msg);
  } else if (msg.type === "job") {
    followed.get(msg.jobId)?.(msg.end);
    followed.delete(msg.jobId);
  } else if (msg.type === "ping") {
    post({ type: "pong", n: msg.n });
  }
});

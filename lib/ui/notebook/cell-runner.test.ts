import { describe, expect, it } from "vitest";
import { createApiClient } from "@/lib/api/client";
import { JobFollower, type JobState } from "@/lib/api/job-follower";
import type { RunHandlers, RunResult } from "@/lib/kernel/kernel";
import type { CellOutput, CellRun, ProgressOutput } from "@/lib/kernel/outputs";
import type { JobEnd } from "@/lib/kernel/protocol";
import { CellRunner, type CellKernel } from "./cell-runner";

const job = (status: JobState["status"], done: number, extra: Partial<JobState> = {}): JobState => ({
  id: "j1", kind: "ingest", status, progress: { stage: "embed", done, total: 10 }, result: null, error: null, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:02Z", ...extra,
});

/** A fake kernel: its one cell starts job j1 and waits for the page to say how the job ended. */
class FakeJobKernel implements CellKernel {
  answers: JobEnd[] = [];
  keptAlive = 0;
  private finish?: (r: RunResult) => void;
  run(_id: string, _kind: "ts" | "js", _code: string, handlers: RunHandlers): Promise<RunResult> {
    handlers.onFollow("j1", "Ingesting");
    return new Promise((resolve) => (this.finish = resolve));
  }
  answerJob(_jobId: string, end: JobEnd): void {
    this.answers.push(end);
    this.finish?.({ status: end.status === "done" ? "done" : "error", elapsedMs: 5 });
  }
  keepAlive(): void {
    this.keptAlive++;
  }
  stop(): void {}
  restart(): void {}
  dispose(): void {}
}

/** The runner with a fake kernel, a job server whose one job the test moves, and a clock the test ticks. */
function setup(jobStallMs = 60_000) {
  let current = job("running", 1);
  const fetchFn = (async (input: string | URL) => Response.json(String(input).startsWith("/api/jobs?") ? { jobs: current.status === "running" ? [current] : [] } : current)) as typeof fetch;
  const pending: (() => void)[] = [];
  const follower = new JobFollower(createApiClient({ fetch: fetchFn }), (fn) => (pending.push(fn), 0 as unknown as ReturnType<typeof setTimeout>));
  const kernel = new FakeJobKernel();
  const outputs: CellOutput[][] = [];
  const finished: CellRun[] = [];
  const runner = new CellRunner(
    { notebook: "lesson", origin: "http://lab.test", timeoutMs: 1_000, maxOutputBytes: 100_000, jobStallMs } as ConstructorParameters<typeof CellRunner>[0],
    {
      cell: () => ({ kind: "ts", code: "await lab.ingest(c, cfg)", expect: undefined, timeoutS: undefined }),
      update: (_id, change) => change.outputs && outputs.push(change.outputs),
      finished: (_id, run) => finished.push(run),
      restarted: () => undefined,
      halted: () => undefined,
      dead: () => undefined,
    },
    follower,
    () => kernel,
  );
  const tick = async () => {
    pending.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { runner, kernel, outputs, finished, tick, move: (j: JobState) => (current = j) };
}

const bars = (outputs: CellOutput[]) => outputs.filter((o): o is ProgressOutput => o.kind === "progress");

describe("CellRunner following a cell's job", () => {
  it("shows one bar that moves in place, keeps the cell alive while it moves, and hands the job's result to the waiting code", async () => {
    const t = setup();
    t.runner.enqueue(["c1"]);
    await t.tick();
    t.move(job("running", 6));
    await t.tick();
    expect(bars(t.outputs.at(-1)!)).toMatchObject([{ id: "j1", status: "running", done: 6, total: 10 }]);
    expect(t.kernel.keptAlive).toBe(2);
    t.move(job("done", 10, { result: { chunks: 42 } }));
    await t.tick();
    expect(t.kernel.answers).toEqual([{ status: "done", result: { chunks: 42 } }]);
    await new Promise((r) => setTimeout(r, 0));
    expect(t.finished).toHaveLength(1);
    expect(t.finished[0].status).toBe("done");
    expect(bars(t.finished[0].outputs)).toMatchObject([{ id: "j1", status: "done", done: 10 }]);
  });

  it("passes a failed job's error to the cell", async () => {
    const t = setup();
    t.runner.enqueue(["c1"]);
    await t.tick();
    t.move(job("failed", 3, { error: "The embeddings server did not answer", errorCode: "network" }));
    await t.tick();
    expect(t.kernel.answers).toEqual([{ status: "failed", error: "The embeddings server did not answer" }]);
  });

  it("tells the waiting code the job stalled once its counter stops moving, and keeps the bar live", async () => {
    const t = setup(0);
    t.runner.enqueue(["c1"]);
    await t.tick();
    expect(t.kernel.answers).toMatchObject([{ status: "stalled" }]);
    expect(t.kernel.keptAlive).toBe(0);
    t.move(job("running", 8));
    await t.tick();
    expect(bars(t.outputs.at(-1)!)).toMatchObject([{ id: "j1", done: 8 }]);
    expect(t.kernel.answers).toHaveLength(1);
  });
});

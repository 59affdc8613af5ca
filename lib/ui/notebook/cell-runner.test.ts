import { describe, expect, it, vi } from "vitest";
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

describe("CellRunner running a Cypher cell", () => {
  /** The runner with a Cypher cell and a graph query route that answers `answer`; returns the cell's run and the request the route got. */
  async function runCypher(code: string, answer: Response) {
    const requests: { url: string; body: unknown }[] = [];
    const fetchFn = (async (input: string | URL, init?: RequestInit) => {
      requests.push({ url: String(input), body: JSON.parse(String(init?.body)) });
      return answer;
    }) as typeof fetch;
    const finished: CellRun[] = [];
    const runner = new CellRunner(
      { notebook: "lesson", origin: "http://lab.test", timeoutMs: 1_000, maxOutputBytes: 100_000, jobStallMs: 60_000 } as ConstructorParameters<typeof CellRunner>[0],
      {
        cell: () => ({ kind: "cypher", code, expect: undefined, timeoutS: undefined }),
        update: () => undefined,
        finished: (_id, run) => finished.push(run),
        restarted: () => undefined,
        halted: () => undefined,
        dead: () => undefined,
      },
      new JobFollower(createApiClient({ fetch: fetchFn })),
      () => new FakeJobKernel(),
      createApiClient({ fetch: fetchFn }),
    );
    runner.enqueue(["q1"]);
    await vi.waitFor(() => expect(finished).toHaveLength(1));
    return { run: finished[0], requests };
  }

  it("sends the query, its :param values and the graph it names, and shows the rows", async () => {
    const rows = { engine: "ladybug", engineLabel: "LadybugDB (embedded), your scratch graph", columns: ["n"], rows: [{ n: 5 }], truncated: false, elapsedMs: 3 };
    const { run, requests } = await runCypher(':use scratch\n:param status => "open"\nMATCH (t:Task {status: $status}) RETURN count(*) AS n', Response.json(rows));
    expect(requests).toMatchObject([{ url: "/api/graph/query", body: { params: { status: "open" }, graph: "scratch" } }]);
    expect((requests[0].body as { cypher: string }).cypher).toContain("MATCH (t:Task {status: $status})");
    expect(run.status).toBe("done");
    expect(JSON.stringify(run.outputs)).toContain("your scratch graph");
  });

  it("shows the server's refusal as the query's error, with the server's message", async () => {
    const refusal = Response.json({ error: { code: "bad_input", message: "Only read queries run on the shared graph." } }, { status: 400 });
    const { run } = await runCypher("MATCH (t:Task) DETACH DELETE t", refusal);
    expect(run.status).toBe("error");
    expect(run.outputs).toContainEqual({ kind: "error", name: "CypherError", message: "Only read queries run on the shared graph." });
  });
});

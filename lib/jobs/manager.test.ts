import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { LabError } from "@/lib/errors";
import { traceOrigin } from "@/lib/llm/trace";
import { withNotebookTrace } from "@/lib/llm/trace-log";
import { fakeSharedQueue, fakeWorkKind, openFakeJobs, startWork } from "@/lib/testing/fake-jobs";
import { slowAppDb } from "@/lib/testing/slow-app-db";
import { tempAppDb } from "@/lib/testing/temp-app-db";
import { learnerBudgetScope, withLearnerBudget } from "@/lib/quotas/scope";
import { jobKind } from "./kinds";
import { checkCancelled, type JobManager } from "./manager";
import type { ExecuteJob, JobRunnerFactory, QueuedJob } from "./runner";

const tempJobs = async () => openFakeJobs(await tempAppDb("jobs"));

/** A job's record once it ends, or a failure naming the status it was left in. */
async function ended(jobs: JobManager, id: string, learner = "ana", ms = 3_000) {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => (timer = setTimeout(async () => reject(new Error(`job left ${(await jobs.get(learner, id)).status}`)), ms)));
  try {
    return await Promise.race([jobs.wait(learner, id, 10), stuck]);
  } finally {
    clearTimeout(timer);
  }
}

/** Work that reports progress until it is cancelled. */
const untilCancelled = async ({ signal, progress }: { signal: AbortSignal; progress: (p: { stage: string; done: number; total: number }) => void }) => {
  for (let i = 0; ; i++) {
    checkCancelled(signal);
    progress({ stage: "embed", done: i, total: 1_000_000 });
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe("JobManager", () => {
  it("records how a job ended once the app database is back, and cancels a job it no longer holds", async () => {
    const db = await tempAppDb("jobs-outage");
    const jobs = await openFakeJobs(db);
    let down = false;
    const realUpdate = db.jobs.update.bind(db.jobs);
    db.jobs.update = async (id, change) => {
      if (down) throw new LabError("unavailable", "The app database test is unavailable while writing jobs");
      return realUpdate(id, change);
    };
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let release!: () => void;
    const job = await startWork(jobs, "ana", () => new Promise((r) => (release = () => r({ n: 1 }))));
    await vi.waitFor(() => expect(release).toBeTypeOf("function"));
    down = true;
    release();
    await new Promise((r) => setTimeout(r, 700));
    expect((await db.jobs.get("ana", job.id))?.status).toBe("running");
    down = false;
    await expect.poll(async () => (await db.jobs.get("ana", job.id))?.status, { timeout: 3_000 }).toBe("done");
    expect(log.mock.calls.some((c) => String(c[0]).includes("trying again"))).toBe(true);
    log.mockRestore();

    // A record left "running" that this manager does not run (a lost write, another process): Cancel ends it.
    const orphan = await db.jobs.create({ id: "orphan", learner: "ana", kind: "grid", spec: {} });
    await db.jobs.claim(orphan.id, jobs.instance, null);
    expect((await jobs.cancel("ana", orphan.id)).status).toBe("cancelled");
  });

  it("holds at most 8 queued or running jobs per learner, refusing the 9th with a clear message, and frees a place as one ends", async () => {
    const jobs = await tempJobs();
    const started = await Promise.all(Array.from({ length: 8 }, () => startWork(jobs, "ana", untilCancelled)));
    await expect(startWork(jobs, "ana", untilCancelled)).rejects.toMatchObject({ code: "too_many_requests", message: expect.stringMatching(/8 jobs queued or running/) });
    // Another learner is not held back by Ana's.
    expect((await startWork(jobs, "ben", async () => "ok")).status).toBe("queued");
    await jobs.cancel("ana", started[7].id);
    expect((await startWork(jobs, "ana", async () => "ok")).status).toBe("queued");
    for (const j of started) await jobs.cancel("ana", j.id);
  });

  it("runs one job per learner at a time, in order, and records results", async () => {
    const jobs = await tempJobs();
    const order: string[] = [];
    const work = (name: string) => async () => {
      order.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 20));
      order.push(`end ${name}`);
      return { name };
    };
    const a = await startWork(jobs, "ana", work("a"));
    const b = await startWork(jobs, "ana", work("b"));
    expect((await jobs.get("ana", b.id)).status).toBe("queued");
    expect((await jobs.wait("ana", b.id)).result).toEqual({ name: "b" });
    expect((await jobs.get("ana", a.id)).status).toBe("done");
    expect(order).toEqual(["start a", "end a", "start b", "end b"]);
  });

  it("queues the learner's model budget with the job as data, and charges the job's calls to it wherever it runs", async () => {
    const queued: { job: QueuedJob; execute: ExecuteJob }[] = [];
    // A queue that runs nothing by itself: the test runs each job later, outside the request's async context.
    const heldQueue: JobRunnerFactory = async (execute) => ({ shared: true, enqueue: async (job) => void queued.push({ job, execute }), release: async () => {}, close: async () => {} });
    const jobs = await openFakeJobs(await tempAppDb("jobs-budget"), { runner: heldQueue });
    const charged = await withLearnerBudget({ learner: "ana" }, () => startWork(jobs, "ana", async () => learnerBudgetScope() ?? "none"));
    const free = await startWork(jobs, "local", async () => learnerBudgetScope() ?? "none");
    expect(queued.map((q) => q.job.budget)).toEqual([{ learner: "ana" }, undefined]);
    for (const { job, execute } of queued) await execute(JSON.parse(JSON.stringify(job)), null);
    expect((await jobs.get("ana", charged.id)).result).toEqual({ learner: "ana" });
    expect((await jobs.get("local", free.id)).result).toBe("none");
  });

  it("runs a queued job in the LLM trace of the notebook that started it, not that of the job before it", async () => {
    const jobs = await tempJobs();
    const first = await withNotebookTrace({ learner: "ana", notebook: "lesson-a" }, () =>
      startWork(jobs, "ana", () => new Promise((r) => setTimeout(() => r(traceOrigin()), 20))),
    );
    const second = await withNotebookTrace({ learner: "ana", notebook: "lesson-b" }, () => startWork(jobs, "ana", async () => traceOrigin()));
    const untraced = await startWork(jobs, "ana", async () => traceOrigin() ?? "none");
    expect((await jobs.wait("ana", first.id)).result).toEqual({ learner: "ana", notebook: "lesson-a" });
    expect((await jobs.wait("ana", second.id)).result).toEqual({ learner: "ana", notebook: "lesson-b" });
    expect((await jobs.wait("ana", untraced.id)).result).toBe("none");
  });

  it("cancels a running job and keeps other learners' jobs private", async () => {
    const jobs = await tempJobs();
    const job = await startWork(jobs, "ana", untilCancelled);
    await new Promise((r) => setTimeout(r, 30));
    await jobs.cancel("ana", job.id);
    const end = await jobs.wait("ana", job.id);
    expect(end.status).toBe("cancelled");
    expect(end.progress?.done).toBeGreaterThan(0);
    await expect(jobs.get("ben", job.id)).rejects.toThrow(/No job/);
  });

  it("cancels a queued job before it starts", async () => {
    const jobs = await tempJobs();
    await startWork(jobs, "ana", () => new Promise((r) => setTimeout(r, 50)));
    let ran = false;
    const queued = await startWork(jobs, "ana", async () => (ran = true));
    expect(await jobs.cancel("ana", queued.id)).toMatchObject({ status: "cancelled" });
    await new Promise((r) => setTimeout(r, 100));
    expect(ran).toBe(false);
  });

  it("reports a failure with its message", async () => {
    const jobs = await tempJobs();
    const job = await startWork(jobs, "ana", async () => {
      throw new Error("malformed captions at line 3");
    });
    expect(await jobs.wait("ana", job.id)).toMatchObject({ status: "failed", error: "malformed captions at line 3" });
  });

  it("fails a job whose payload no longer fits its kind, or whose kind is gone, saying so, and runs the next one", async () => {
    const db = await tempAppDb("jobs");
    const strict = jobKind("strict", z.strictObject({ n: z.number() }), async ({ n }) => n * 2);
    const retired = jobKind("retired", z.object({}), async () => "never");
    const jobs = await openFakeJobs(db, { kinds: [fakeWorkKind, strict] });
    // As after an upgrade: the payload was queued in the shape of another version.
    const old = await jobs.start("ana", strict, { n: "3" } as unknown as { n: number }, {});
    const gone = await jobs.start("ana", retired, {}, {});
    const fine = await jobs.start("ana", strict, { n: 3 }, {});
    expect(await ended(jobs, old.id)).toMatchObject({ status: "failed", errorCode: "bad_input", error: expect.stringMatching(/another version of the lab .* at n\b.*Run it again/) });
    expect(await ended(jobs, gone.id)).toMatchObject({ status: "failed", error: expect.stringContaining('no "retired" job') });
    expect(await ended(jobs, fine.id)).toMatchObject({ status: "done", result: 6 });
  });

  it("keeps the last progress the work reported, however slowly an earlier progress write lands", async () => {
    const db = slowAppDb(await tempAppDb("jobs"), { before: (_store, method, args) => (method === "update" && (args[1] as { progress?: { done: number } }).progress?.done === 1 ? 100 : 0) });
    const jobs = await openFakeJobs(db);
    const job = await startWork(jobs, "ana", async ({ progress }) => {
      progress({ stage: "embed", done: 1, total: 2 });
      progress({ stage: "embed", done: 2, total: 2 });
    });
    const end = await ended(jobs, job.id);
    expect(end).toMatchObject({ status: "done", progress: { done: 2 } });
    // A write still on its way would change the record after it ended.
    await new Promise((r) => setTimeout(r, 150));
    expect(await jobs.get("ana", job.id)).toEqual(end);
  });

  it("marks jobs interrupted by a restart as failed, and only those", async () => {
    const db = await tempAppDb("jobs");
    await db.jobs.create({ id: "j1", learner: "ana", kind: "ingest", spec: {} });
    await db.jobs.update("j1", { status: "running" });
    const jobs = await openFakeJobs(db);
    expect(await db.jobs.get("ana", "j1")).toMatchObject({ status: "failed", error: expect.stringContaining("restarted") });
    const fresh = await startWork(jobs, "ana", async () => "ok");
    expect(await jobs.wait("ana", fresh.id)).toMatchObject({ status: "done" });
  });
});

describe("JobManager, instances sharing a queue", () => {
  const fast = { heartbeatMs: 50, silentMs: 300, cancelPollMs: 20 };

  it("starting an instance leaves another's jobs running; a job queued through one is followed and cancelled through the other", async () => {
    const db = await tempAppDb("jobs-shared");
    const queue = fakeSharedQueue();
    const a = await openFakeJobs(db, { runner: queue, timing: fast });
    const job = await startWork(a, "ana", untilCancelled);
    await expect.poll(async () => (await a.get("ana", job.id)).progress?.done ?? 0).toBeGreaterThan(0);
    const b = await openFakeJobs(db, { runner: queue, timing: fast });
    expect((await b.get("ana", job.id)).status).toBe("running");
    // B does not run it: the flag goes through the database to A, which stops it.
    expect((await b.cancel("ana", job.id)).status).toBe("running");
    expect(await ended(b, job.id)).toMatchObject({ status: "cancelled", error: expect.stringContaining("Cancelled") });
    await a.close();
    await b.close();
  });

  it("fails the running job of an instance gone silent, frees its learner's queue, and leaves the others' jobs running", async () => {
    const db = await tempAppDb("jobs-silent");
    const queue = fakeSharedQueue();
    // A writes its heartbeat when it opens and never again: to the others it has stopped.
    const a = await openFakeJobs(db, { runner: queue, timing: { ...fast, heartbeatMs: 60_000 } });
    const lost = await startWork(a, "ana", untilCancelled);
    await expect.poll(async () => (await a.get("ana", lost.id)).status).toBe("running");
    const b = await openFakeJobs(db, { runner: queue, timing: fast });
    let finish!: () => void;
    const own = await startWork(b, "ben", () => new Promise((r) => (finish = () => r("ben's"))));
    const next = await startWork(b, "ana", async () => "after");

    expect(await ended(b, lost.id, "ana", 3_000)).toMatchObject({ status: "failed", error: "The instance running this job stopped. Run it again: finished parts are kept." });
    expect(await ended(b, next.id, "ana", 3_000)).toMatchObject({ status: "done", result: "after" });
    expect((await b.get("ben", own.id)).status).toBe("running");
    finish();
    expect(await ended(b, own.id, "ben")).toMatchObject({ status: "done", result: "ben's" });
    await b.close();
    await a.close();
  });
});

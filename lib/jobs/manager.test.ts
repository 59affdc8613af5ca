import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it, vi } from "vitest";
import { LabError } from "@/lib/errors";
import { slowAppDb } from "@/lib/testing/slow-app-db";
import { tempAppDb } from "@/lib/testing/temp-app-db";
import { checkCancelled, JobManager } from "./manager";

const tempJobs = async () => JobManager.open(await tempAppDb("jobs"));

/** A job's record once it ends, or a failure naming the status it was left in. */
async function ended(jobs: JobManager, id: string) {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => (timer = setTimeout(async () => reject(new Error(`job left ${(await jobs.get("ana", id)).status}`)), 3_000)));
  try {
    return await Promise.race([jobs.wait("ana", id, 10), stuck]);
  } finally {
    clearTimeout(timer);
  }
}

describe("JobManager", () => {
  it("records how a job ended once the app database is back, and cancels a job it no longer holds", async () => {
    const db = await tempAppDb("jobs-outage");
    const jobs = await JobManager.open(db);
    let down = false;
    const realUpdate = db.jobs.update.bind(db.jobs);
    db.jobs.update = async (id, change) => {
      if (down) throw new LabError("unavailable", "The app database test is unavailable while writing jobs");
      return realUpdate(id, change);
    };
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let release!: () => void;
    const job = await jobs.start("ana", "ingest", {}, () => new Promise((r) => (release = () => r({ n: 1 }))));
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
    await db.jobs.update(orphan.id, { status: "running" });
    expect((await jobs.cancel("ana", orphan.id)).status).toBe("cancelled");
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
    const a = await jobs.start("ana", "ingest", {}, work("a"));
    const b = await jobs.start("ana", "ingest", {}, work("b"));
    expect((await jobs.get("ana", b.id)).status).toBe("queued");
    expect((await jobs.wait("ana", b.id)).result).toEqual({ name: "b" });
    expect((await jobs.get("ana", a.id)).status).toBe("done");
    expect(order).toEqual(["start a", "end a", "start b", "end b"]);
  });

  it("runs a queued job in the context of the request that started it, not the job before it", async () => {
    const jobs = await tempJobs();
    const notebook = new AsyncLocalStorage<string>();
    const seen = async () => notebook.getStore();
    const first = await notebook.run("lesson-a", () => jobs.start("ana", "judge", {}, () => new Promise((r) => setTimeout(() => r(notebook.getStore()), 20))));
    const second = await notebook.run("lesson-b", () => jobs.start("ana", "judge", {}, seen));
    expect((await jobs.wait("ana", first.id)).result).toBe("lesson-a");
    expect((await jobs.wait("ana", second.id)).result).toBe("lesson-b");
  });

  it("cancels a running job and keeps other learners' jobs private", async () => {
    const jobs = await tempJobs();
    const job = await jobs.start("ana", "ingest", {}, async ({ signal, progress }) => {
      for (let i = 0; i < 1000; i++) {
        checkCancelled(signal);
        progress({ stage: "embed", done: i, total: 1000 });
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    await new Promise((r) => setTimeout(r, 30));
    await jobs.cancel("ana", job.id);
    const end = await jobs.wait("ana", job.id);
    expect(end.status).toBe("cancelled");
    expect(end.progress?.done).toBeGreaterThan(0);
    await expect(jobs.get("ben", job.id)).rejects.toThrow(/No job/);
  });

  it("cancels a queued job before it starts", async () => {
    const jobs = await tempJobs();
    await jobs.start("ana", "ingest", {}, () => new Promise((r) => setTimeout(r, 50)));
    let ran = false;
    const queued = await jobs.start("ana", "ingest", {}, async () => (ran = true));
    expect(await jobs.cancel("ana", queued.id)).toMatchObject({ status: "cancelled" });
    await new Promise((r) => setTimeout(r, 100));
    expect(ran).toBe(false);
  });

  it("reports a failure with its message", async () => {
    const jobs = await tempJobs();
    const job = await jobs.start("ana", "ingest", {}, async () => {
      throw new Error("malformed captions at line 3");
    });
    expect(await jobs.wait("ana", job.id)).toMatchObject({ status: "failed", error: "malformed captions at line 3" });
  });

  it("ends done even when its 'running' write lands after the work finished", async () => {
    const db = slowAppDb(await tempAppDb("jobs"), { before: (_store, method, args) => (method === "update" && (args[1] as { status?: string }).status === "running" ? 100 : 0) });
    const jobs = await JobManager.open(db);
    const job = await jobs.start("ana", "ingest", {}, async () => "quick");
    expect(await ended(jobs, job.id)).toMatchObject({ status: "done", result: "quick" });
  });

  it("keeps the last progress the work reported, however slowly an earlier progress write lands", async () => {
    const db = slowAppDb(await tempAppDb("jobs"), { before: (_store, method, args) => (method === "update" && (args[1] as { progress?: { done: number } }).progress?.done === 1 ? 100 : 0) });
    const jobs = await JobManager.open(db);
    const job = await jobs.start("ana", "ingest", {}, async ({ progress }) => {
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
    const jobs = await JobManager.open(db);
    expect(await db.jobs.get("ana", "j1")).toMatchObject({ status: "failed", error: expect.stringContaining("restarted") });
    const fresh = await jobs.start("ana", "ingest", {}, async () => "ok");
    expect(await jobs.wait("ana", fresh.id)).toMatchObject({ status: "done" });
  });
});

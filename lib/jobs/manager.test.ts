import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SqliteAppDb } from "@/lib/db/sqlite";
import { checkCancelled, JobManager } from "./manager";

function tempDb() {
  return new SqliteAppDb(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-jobs-")), "app.sqlite"));
}

describe("JobManager", () => {
  it("runs one job per learner at a time, in order, and records results", async () => {
    const jobs = new JobManager(tempDb());
    const order: string[] = [];
    const work = (name: string) => async () => {
      order.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 20));
      order.push(`end ${name}`);
      return { name };
    };
    const a = jobs.start("ana", "ingest", {}, work("a"));
    const b = jobs.start("ana", "ingest", {}, work("b"));
    expect(jobs.get("ana", b.id).status).toBe("queued");
    expect((await jobs.wait("ana", b.id)).result).toEqual({ name: "b" });
    expect(jobs.get("ana", a.id).status).toBe("done");
    expect(order).toEqual(["start a", "end a", "start b", "end b"]);
  });

  it("runs a queued job in the context of the request that started it, not the job before it", async () => {
    const jobs = new JobManager(tempDb());
    const notebook = new AsyncLocalStorage<string>();
    const seen = async () => notebook.getStore();
    const first = notebook.run("lesson-a", () => jobs.start("ana", "judge", {}, () => new Promise((r) => setTimeout(() => r(notebook.getStore()), 20))));
    const second = notebook.run("lesson-b", () => jobs.start("ana", "judge", {}, seen));
    expect((await jobs.wait("ana", first.id)).result).toBe("lesson-a");
    expect((await jobs.wait("ana", second.id)).result).toBe("lesson-b");
  });

  it("cancels a running job and keeps other learners' jobs private", async () => {
    const jobs = new JobManager(tempDb());
    const job = jobs.start("ana", "ingest", {}, async ({ signal, progress }) => {
      for (let i = 0; i < 1000; i++) {
        checkCancelled(signal);
        progress({ stage: "embed", done: i, total: 1000 });
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    await new Promise((r) => setTimeout(r, 30));
    jobs.cancel("ana", job.id);
    const end = await jobs.wait("ana", job.id);
    expect(end.status).toBe("cancelled");
    expect(end.progress?.done).toBeGreaterThan(0);
    expect(() => jobs.get("ben", job.id)).toThrow(/No job/);
  });

  it("reports a failure with its message", async () => {
    const jobs = new JobManager(tempDb());
    const job = jobs.start("ana", "ingest", {}, async () => {
      throw new Error("malformed captions at line 3");
    });
    expect(await jobs.wait("ana", job.id)).toMatchObject({ status: "failed", error: "malformed captions at line 3" });
  });

  it("marks jobs interrupted by a restart as failed", () => {
    const db = tempDb();
    db.createJob({ id: "j1", learner: "ana", kind: "ingest", spec: {} });
    db.updateJob("j1", { status: "running" });
    new JobManager(db);
    expect(db.getJob("ana", "j1")).toMatchObject({ status: "failed", error: expect.stringContaining("restarted") });
  });
});

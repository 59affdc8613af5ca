import { Client } from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { openAppDb } from "@/lib/db/open";
import type { AppDb } from "@/lib/db/app-db";
import { openFakeJobs, startWork } from "@/lib/testing/fake-jobs";
import { freshDatabase } from "@/lib/testing/postgres";
import { tempDataDir } from "@/lib/testing/temp-app-db";
import { checkCancelled, type JobManager, type JobTiming } from "./manager";
import { graphileRunner } from "./graphile-runner";

const fast: JobTiming = { heartbeatMs: 100, silentMs: 1_000, cancelPollMs: 50 };
const opened: { jobs: JobManager; db: AppDb }[] = [];

/** One more app instance on the database at `url`: its own pool, its own workers. */
async function instance(url: string, timing: Partial<JobTiming> = fast): Promise<JobManager> {
  const db = await openAppDb({ dataDir: tempDataDir("graphile"), url });
  const jobs = await openFakeJobs(db, { runner: graphileRunner(url), timing });
  opened.push({ jobs, db });
  return jobs;
}

afterEach(async () => {
  for (const { jobs, db } of opened.splice(0).reverse()) {
    await jobs.close();
    await db.close();
  }
});

const untilCancelled = async ({ signal, progress }: { signal: AbortSignal; progress: (p: { stage: string; done: number; total: number }) => void }) => {
  for (let i = 0; ; i++) {
    checkCancelled(signal);
    progress({ stage: "count", done: i, total: 1_000_000 });
    await new Promise((r) => setTimeout(r, 10));
  }
};

const settle = { timeout: 10_000, interval: 50 };

describe("jobs on graphile-worker, shared by two instances", () => {
  it("runs one job per learner at a time across instances, in order, and cancels through the other instance", async () => {
    const url = await freshDatabase(inject("postgresUrl"), "jobs_graphile");
    const a = await instance(url);
    const b = await instance(url);
    const order: string[] = [];
    const step = (name: string) => async () => {
      order.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 150));
      order.push(`end ${name}`);
      return name;
    };
    const first = await startWork(a, "ana", step("1"));
    const second = await startWork(b, "ana", step("2"));
    const bens = await startWork(b, "ben", async () => "ben's");
    await expect.poll(async () => (await b.get("ana", second.id)).status, settle).toBe("done");
    expect((await a.get("ana", first.id)).result).toBe("1");
    expect(order).toEqual(["start 1", "end 1", "start 2", "end 2"]);
    expect((await a.get("ben", bens.id)).status).toBe("done");

    const running = await startWork(a, "ana", untilCancelled);
    let ran = false;
    const queued = await startWork(a, "ana", async () => (ran = true));
    await expect.poll(async () => (await b.get("ana", running.id)).progress?.done ?? 0, settle).toBeGreaterThan(0);
    expect((await b.cancel("ana", queued.id)).status).toBe("cancelled");
    await b.cancel("ana", running.id);
    await expect.poll(async () => (await b.get("ana", running.id)).status, settle).toBe("cancelled");
    const after = await startWork(b, "ana", async () => "after");
    await expect.poll(async () => (await b.get("ana", after.id)).status, settle).toBe("done");
    expect(ran).toBe(false);
  });

  it("starting an instance leaves the others' jobs alone; one gone silent has its job failed and its learner's queue freed", async () => {
    const url = await freshDatabase(inject("postgresUrl"), "jobs_graphile_silent");
    // A writes its heartbeat when it opens, then never again: to the others it has stopped.
    const a = await instance(url, { ...fast, heartbeatMs: 600_000 });
    const lost = await startWork(a, "ana", untilCancelled);
    await expect.poll(async () => (await a.get("ana", lost.id)).status, settle).toBe("running");
    const b = await instance(url);
    expect((await b.get("ana", lost.id)).status).toBe("running");
    const next = await startWork(b, "ana", async () => "next");
    await expect.poll(async () => (await b.get("ana", lost.id)).status, settle).toBe("failed");
    expect((await b.get("ana", lost.id)).error).toBe("The instance running this job stopped. Run it again: finished parts are kept.");
    await expect.poll(async () => (await b.get("ana", next.id)).status, settle).toBe("done");
    // Nothing of the lost job is left in graphile-worker's tables to pile up.
    const pg = new Client({ connectionString: url });
    await pg.connect();
    try {
      await expect.poll(async () => (await pg.query("select count(*)::int as n from graphile_worker._private_jobs")).rows[0].n, settle).toBe(0);
    } finally {
      await pg.end();
    }
  });
});

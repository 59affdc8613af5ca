import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { LADYBUG_FILE, openLadybugGraph } from "@/lib/graph/ladybug";
import type { GraphStore } from "@/lib/graph/port";
import { labRejection } from "@/lib/testing/lab-error";
import { STRIKES } from "./learner-limits";
import { EngineProcess } from "./supervisor";

/** The real LadybugDB engine in its own process, crashed, starved and stuck on purpose. */

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ragcamp-engine-"));
  dirs.push(dir);
  return dir;
}
const engines: EngineProcess[] = [];
function engine(opts: Partial<{ maxRssMb: number; openMax: number }> = {}): EngineProcess {
  const e = new EngineProcess({ name: "test", maxRssMb: opts.maxRssMb ?? 1024, openMax: opts.openMax ?? 32 });
  engines.push(e);
  return e;
}
afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Crashes LadybugDB 0.19.1 natively (segfault), even when only prepared. */
const CRASH = "RETURN substring('abc', 2, -5) AS s";
/** One expression building a huge list: the query timeout is not checked inside it, and memory grows about 200 MB/s. */
const GREEDY = "RETURN size(range(1, 20000000)) AS n";
/** Seconds of honest work (5*10^8 rows), which the engine's own time limit does stop. */
const SLOW = "UNWIND range(1, 50000) AS x UNWIND range(1, 10000) AS y WITH x, y WHERE (x * y) % 7 = 3 RETURN count(*) AS n";

/** 10^10 rows: busy for the whole of its (honoured) time limit. */
const BUSY = "UNWIND range(1, 1000) AS x UNWIND range(1, 1000) AS y UNWIND range(1, 10000) AS z WITH x, y, z WHERE (x * y + z) % 7 = 3 RETURN count(*) AS n";

async function openStore(e: EngineProcess, target: "shared" | "scratch" = "shared"): Promise<GraphStore> {
  return openLadybugGraph({ dataDir: tempDir(), engine: e, target });
}

describe("graph engine process", () => {
  it("contains a native crash: the query gets a classified error and the next one succeeds within 5 s", async () => {
    const e = engine();
    const store = await openStore(e);
    const before = e.pid;
    const err = await labRejection(store.query(CRASH));
    const crashedAt = performance.now();
    expect(err.code).toBe("bad_input");
    expect(err.message).toMatch(/crashed on this query and was restarted; nothing was changed/);
    // Read queries are retried once on the restarted engine, so this one stopped it twice.
    expect(e.stops).toBe(2);
    expect((await store.query("RETURN 1 AS n")).rows).toEqual([{ n: 1 }]);
    expect(performance.now() - crashedAt).toBeLessThan(5_000);
    expect(e.pid).not.toBe(before);
    expect(process.pid).toBeGreaterThan(0); // this process is still here to assert
  }, 30_000);

  it("kills the engine above its memory cap, says so, and comes back", async () => {
    const e = engine({ maxRssMb: 300 });
    const store = await openStore(e);
    const err = await labRejection(store.query(GREEDY));
    expect(err.code).toBe("too_large");
    expect(err.message).toMatch(/memory limit of 300 MiB/);
    expect(e.peakRssBytes).toBeGreaterThan(300 * 1024 * 1024);
    expect(e.peakRssBytes).toBeLessThan(600 * 1024 * 1024);
    expect((await store.query("RETURN 2 AS n")).rows).toEqual([{ n: 2 }]);
  }, 30_000);

  it("kills the engine when a query runs 2 s past its time limit, and only that query fails", async () => {
    const e = engine({ maxRssMb: 4096 });
    const store = await openStore(e);
    const started = performance.now();
    const [stuck, innocent] = await Promise.all([
      labRejection(store.query(GREEDY, {}, { timeoutMs: 200 })),
      store.query("UNWIND range(1, 3) AS x RETURN sum(x) AS n", {}, { timeoutMs: 10_000 }),
    ]);
    expect(stuck.code).toBe("timeout");
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(innocent.rows).toEqual([{ n: 6 }]);
    expect(e.stops).toBe(1);
  }, 30_000);

  it("reports a write in flight at a crash as not applied, and the graph is unchanged", async () => {
    const e = engine();
    const store = await openStore(e);
    await store.query("CREATE NODE TABLE T(id STRING, PRIMARY KEY (id))", {}, { readOnly: false });
    await store.query("CREATE (:T {id: 'kept'})", {}, { readOnly: false });
    // The lab's own writes on the shared graph are not plan-checked, so the crash happens in execute.
    const err = await labRejection(store.query("CREATE (:T {id: substring('abc', 2, -5)})", {}, { readOnly: false }));
    expect(err.code).toBe("engine_restarted");
    expect(err.status).toBe(503);
    expect(err.message).toMatch(/not applied; run it again/);
    expect(e.stops).toBe(1);
    expect((await store.query("MATCH (t:T) RETURN t.id AS id")).rows).toEqual([{ id: "kept" }]);
  }, 30_000);

  it("retries a read that was in flight when another query crashed the engine", async () => {
    const e = engine();
    const store = await openStore(e);
    const slow = store.query(SLOW, {}, { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await labRejection(store.query(CRASH))).code).toBe("bad_input");
    expect((await slow).rows).toEqual([{ n: expect.any(Number) }]);
    expect(e.stops).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it(`pauses a learner whose queries stopped the engine ${STRIKES} times (429 with Retry-After), not the others`, async () => {
    const e = engine();
    const store = await openStore(e);
    const as = (learner: string) => ({ learner, learnerWritten: true });
    for (let i = 0; i < STRIKES; i++) expect((await labRejection(store.query(CRASH, {}, as("mallory")))).code).toBe("bad_input");
    const paused = await labRejection(store.query("RETURN 1 AS n", {}, as("mallory")));
    expect(paused.code).toBe("too_many_requests");
    expect(paused.status).toBe(429);
    expect(paused.retryAfterS).toBeGreaterThan(9 * 60);
    expect((await store.query("RETURN 1 AS n", {}, as("alice"))).rows).toEqual([{ n: 1 }]);
  }, 60_000);

  it("runs one learner-written query per learner: a second gets 429 after 2 s, the lab's and other learners' wait or run", async () => {
    const e = engine();
    const store = await openStore(e);
    const slow = labRejection(store.query(BUSY, {}, { learner: "bob", learnerWritten: true, timeoutMs: 4_000 }));
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    const [second, onBehalf, other] = await Promise.all([
      labRejection(store.query("RETURN 1 AS n", {}, { learner: "bob", learnerWritten: true })),
      store.query("RETURN 2 AS n", {}, { learner: "bob" }),
      store.query("RETURN 3 AS n", {}, { learner: "carol", learnerWritten: true }),
    ]);
    expect(second.code).toBe("too_many_requests");
    expect(second.retryAfterS).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(onBehalf.rows).toEqual([{ n: 2 }]);
    expect(other.rows).toEqual([{ n: 3 }]);
    expect((await slow).code).toBe("timeout");
  }, 60_000);

  it("keeps at most openMax databases open, closing the least recently used and re-opening it on its next query", async () => {
    const e = engine({ openMax: 2 });
    const stores = [await openStore(e, "scratch"), await openStore(e, "scratch"), await openStore(e, "scratch")];
    for (const [i, store] of stores.entries()) {
      await store.query("CREATE NODE TABLE T(id INT64, PRIMARY KEY (id))", {}, { readOnly: false });
      await store.query("CREATE (:T {id: $i})", { i }, { readOnly: false });
      expect(e.openDatabases).toBeLessThanOrEqual(2);
    }
    for (const [i, store] of stores.entries()) {
      expect((await store.query("MATCH (t:T) RETURN t.id AS id")).rows).toEqual([{ id: i }]);
    }
    expect(e.openDatabases).toBe(2);
  }, 60_000);

  it("retries an open that failed, rather than remembering the failure", async () => {
    const e = engine();
    const dataDir = tempDir();
    await (await openLadybugGraph({ dataDir, engine: e })).close();
    const holder = spawn(
      process.execPath,
      ["-e", `const { Database } = require("@ladybugdb/core"); new Database(${JSON.stringify(path.join(dataDir, LADYBUG_FILE))}).initSync(); console.log("ready"); setInterval(() => {}, 1000);`],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await once(holder.stdout, "data");
    expect((await labRejection(openLadybugGraph({ dataDir, engine: e }))).code).toBe("conflict");
    holder.kill();
    await once(holder, "exit");
    const store = await openLadybugGraph({ dataDir, engine: e });
    expect((await store.query("RETURN 1 AS n")).rows).toEqual([{ n: 1 }]);
  }, 30_000);

  it("answers a full scratch graph with 413 naming its size", async () => {
    const e = engine();
    const MiB = 1024 * 1024;
    const store = await openLadybugGraph({ dataDir: tempDir(), engine: e, target: "scratch", sizes: { bufferPoolSize: 64 * MiB, maxDBSize: 16 * MiB } });
    await store.query("CREATE NODE TABLE T(id INT64, s STRING, PRIMARY KEY (id))", {}, { readOnly: false });
    let err: LabError | undefined;
    for (let i = 0; i < 40 && !err; i++) {
      err = await store
        .query("UNWIND range($from, $from + 9999) AS x CREATE (:T {id: x, s: 'padding padding padding padding padding padding padding ' + string(x)})", { from: i * 10_000 }, { readOnly: false })
        .then(() => undefined, (x: unknown) => x as LabError);
    }
    expect(err?.code).toBe("too_large");
    expect(err?.message).toMatch(/maximum size of 16 MiB/);
  }, 60_000);
});

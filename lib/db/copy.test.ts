import fs from "node:fs";
import { DatabaseSync } from "node:sqlite";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, expect, inject, it } from "vitest";
import { isLabError } from "@/lib/errors";
import { freshDatabase } from "@/lib/testing/postgres";
import { copyAppDb } from "./copy";
import { openAppDb } from "./open";

const cluster = inject("postgresUrl");
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const entry = (output: string) => ({ at: "2026-01-01T00:00:00.000Z", source: "chat" as const, model: "m", prompt: "p", output, inputTokens: 1, outputTokens: 2, latencyMs: 3, cacheHit: false });

async function sqliteDataDir(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-copy-"));
  dirs.push(dataDir);
  const db = await openAppDb({ dataDir });
  await db.learners.add({ id: "ana", name: "Ana", tokenHash: "h-ana" });
  await db.notebooks.saveCode("ana", "intro", "hello", "'kept'");
  await db.exercises.add("ana", { lesson: "intro", exercise: "e1", event: "attempt", passed: true, answer: { n: 3 }, reason: null });
  await db.traces.add("ana", "intro", entry("first"));
  await db.traces.add("ana", "intro", entry("second"));
  await db.embeddings.putMany("use-lite", new Map([["abc", Float32Array.from([0.25, -1.5])]]));
  await db.close();
  return dataDir;
}

it("copies a SQLite data dir's app database into an empty PostgreSQL database, where the work reads back and numbering goes on", async () => {
  const dataDir = await sqliteDataDir();
  const url = await freshDatabase(cluster, "copy");
  const report = await copyAppDb(dataDir, url);
  expect(report.rows).toMatchObject({ learner: 1, cell_code: 1, exercise_event: 1, llm_trace: 2, embedding: 1, job: 0 });
  expect(report.to).not.toContain(new URL(url).password);

  const pg = await openAppDb({ dataDir, url });
  try {
    expect((await pg.learners.byTokenHash("h-ana"))?.name).toBe("Ana");
    expect((await pg.notebooks.get("ana", "intro")).cells.hello.code).toBe("'kept'");
    expect((await pg.exercises.list("ana"))[0]).toMatchObject({ exercise: "e1", passed: true, answer: { n: 3 } });
    expect([...(await pg.embeddings.getMany("use-lite", ["abc"])).get("abc")!]).toEqual([0.25, -1.5]);
    // A trace written after the copy gets the next id, not one the copy already used.
    await pg.traces.add("ana", "intro", entry("third"));
    const ids = (await pg.traces.list("ana", "intro")).map((t) => t.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  } finally {
    await pg.close();
  }
  // The source is only read.
  const again = await openAppDb({ dataDir });
  expect(await again.traces.count("ana", "intro")).toBe(2);
  await again.close();
});

it("refuses a target that already holds data, and leaves it as it was", async () => {
  const dataDir = await sqliteDataDir();
  const url = await freshDatabase(cluster, "copy_twice");
  await copyAppDb(dataDir, url);
  const error = await copyAppDb(dataDir, url).catch((e: unknown) => e);
  expect(isLabError(error) && error.code).toBe("conflict");
  expect(String((error as Error).message)).toMatch(/already holds data/);
  const pg = await openAppDb({ dataDir, url });
  expect(await pg.traces.count("ana", "intro")).toBe(2);
  await pg.close();
});

it("refuses a database that holds another application's tables, before creating any of its own there", async () => {
  const dataDir = await sqliteDataDir();
  const url = await freshDatabase(cluster, "copy_foreign");
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  await other.query("CREATE TABLE customers (id int)");
  try {
    await expect(copyAppDb(dataDir, url)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("not the lab's (customers)") });
    const { rows } = await other.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
    expect(rows.map((r: { table_name: string }) => r.table_name)).toEqual(["customers"]);
  } finally {
    await other.end();
  }
});

it("stops with the table to clean when an old row holds a NUL character, and copies nothing", async () => {
  const dataDir = await sqliteDataDir();
  // Written before the lab refused NUL: only a raw write can still make such a row.
  const raw = new DatabaseSync(path.join(dataDir, "app.sqlite"));
  raw.prepare("UPDATE cell_code SET code = ? WHERE learner = 'ana'").run("'a\u0000b'");
  raw.close();
  const url = await freshDatabase(cluster, "copy_nul");
  const error = await copyAppDb(dataDir, url).catch((e: unknown) => e);
  expect(isLabError(error) && error.code).toBe("bad_input");
  expect((error as Error).message).toMatch(/Nothing was copied: a row of table cell_code holds text with a NUL character/);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    expect((await client.query("SELECT count(*)::int AS n FROM learner")).rows[0].n).toBe(0);
  } finally {
    await client.end();
  }
});

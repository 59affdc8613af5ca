import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, inject, it } from "vitest";
import { freshDatabase } from "@/lib/testing/postgres";
import { LEGACY_MIGRATIONS } from "./legacy-sqlite";
import { openAppDb } from "./open";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-legacy-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** An app.sqlite as the version with `version` old migrations left it. */
function oldAppSqlite(dataDir: string, version: number): DatabaseSync {
  const db = new DatabaseSync(path.join(dataDir, "app.sqlite"));
  // The scrub migration's functions, as the old constructor registered them (rows here are clean already).
  db.function("ragcamp_scrub_trace", (v) => v);
  db.function("ragcamp_scrub_error", (v) => v);
  for (const migration of LEGACY_MIGRATIONS.slice(0, version)) db.exec(migration);
  db.exec(`PRAGMA user_version = ${version}`);
  return db;
}

const outputs = JSON.stringify([{ kind: "text", text: "4", stream: "result" }]);
const userVersion = (file: string) => {
  const db = new DatabaseSync(file);
  const { user_version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
  db.close();
  return user_version;
};

describe("an app.sqlite from before Kysely", () => {
  it("at version 5 is brought forward with its data: question-set paths become ids, jobs gain error codes", async () => {
    const dataDir = tempDir();
    const raw = oldAppSqlite(dataDir, 5);
    raw.exec(`INSERT INTO cell_code VALUES ('ana', 'intro', 'c1', '2 + 2', '2024-01-01T00:00:00.000Z');
      INSERT INTO cell_run VALUES ('ana', 'intro', 'c1', 'done', '${outputs}', 12.5, '2024-01-01T00:00:01.000Z');
      INSERT INTO job VALUES ('j1', 'ana', 'grid', '{"k":5}', 'done', NULL, '{"points":[]}', NULL, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:02.000Z');
      INSERT INTO learner VALUES ('ana', 'Ana', 'hash-ana', '2024-01-01T00:00:00.000Z');
      INSERT INTO judge_reply VALUES ('k', 'cached reply');`);
    raw
      .prepare("INSERT INTO experiment VALUES ('e1', 'ana', '2024-01-01T00:00:00.000Z', ?)")
      .run(JSON.stringify({ questionSet: { path: "/srv/lab/datasets/questions/google-talks-v1.json", version: "abc123" }, spec: { questions: "/srv/lab/datasets/questions/google-talks-v1.json" }, ranked: [] }));
    raw.close();

    const db = await openAppDb({ dataDir });
    try {
      expect(await db.notebooks.get("ana", "intro")).toEqual({
        cells: { c1: { code: "2 + 2", updatedAt: "2024-01-01T00:00:00.000Z" } },
        runs: { c1: { status: "done", outputs: [{ kind: "text", text: "4", stream: "result" }], elapsedMs: 12.5, ranAt: "2024-01-01T00:00:01.000Z" } },
        own: [],
      });
      expect(await db.jobs.get("ana", "j1")).toMatchObject({ spec: { k: 5 }, result: { points: [] }, errorCode: null });
      expect(await db.learners.byTokenHash("hash-ana")).toMatchObject({ id: "ana", name: "Ana" });
      expect(await db.judging.reply("k")).toBe("cached reply");
      expect(await db.experiments.get("ana", "e1")).toEqual({ questionSet: { id: "google-talks-v1", hash: "abc123" }, spec: { questions: "google-talks-v1" }, ranked: [] });

      // Tables of later versions are there and take writes.
      await db.notebooks.addOwn("ana", "intro", { id: "own_a", kind: "ts", code: "", after: "c1", position: 0 });
      await db.exercises.add("ana", { lesson: "intro", exercise: "e1", event: "attempt", passed: true, reason: null });
      await db.jobs.create({ id: "j2", learner: "ana", kind: "grid", spec: {} });
      await db.jobs.update("j2", { status: "failed", error: "x", errorCode: "timeout" });
      expect(await db.jobs.get("ana", "j2")).toMatchObject({ errorCode: "timeout" });
      expect(await db.experiments.recordTestLook("ana", "part1", "cfg")).toBe(1);
    } finally {
      await db.close();
    }
    expect(userVersion(path.join(dataDir, "app.sqlite"))).toBe(LEGACY_MIGRATIONS.length);
  });

  it("at the last version (13) is adopted as it is, its data kept and its numbering continued", async () => {
    const dataDir = tempDir();
    const raw = oldAppSqlite(dataDir, LEGACY_MIGRATIONS.length);
    raw.exec(`INSERT INTO own_cell VALUES ('ana', 'intro', 'own_a', 'cypher', 'MATCH (n)', 'c1', 0, '2024-01-01T00:00:00.000Z');
      INSERT INTO exercise_event (learner, lesson, exercise, event, passed, answer, reason, at) VALUES ('ana', 'intro', 'e1', 'attempt', 0, '{"code":"1 +"}', 'syntax', '2024-01-01T00:00:00.000Z');
      INSERT INTO claim_review VALUES ('ana', 'r|q|0', 'c', 'supported', 'unsupported', '2024-01-01T00:00:00.000Z');
      INSERT INTO collection_manifest VALUES ('lancedb', 'ana__talks', '{"dimension":8}', '2024-01-01T00:00:00.000Z');
      INSERT INTO test_look VALUES ('ana', 'part1', 'cfgA', '2024-01-01T00:00:00.000Z');
      INSERT INTO job VALUES ('j1', 'ana', 'ingest', '{}', 'failed', NULL, NULL, 'boom', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', 'timeout');`);
    const entry = { at: "t", source: "chat", model: "m", prompt: "p", output: "old", inputTokens: null, outputTokens: null, latencyMs: 1, cacheHit: false };
    raw.prepare("INSERT INTO llm_trace (id, learner, notebook, record) VALUES (41, 'ana', 'intro', ?)").run(JSON.stringify(entry));
    raw.close();

    const db = await openAppDb({ dataDir });
    try {
      expect(await db.notebooks.listOwn("ana", "intro")).toMatchObject([{ id: "own_a", kind: "cypher", code: "MATCH (n)", after: "c1", position: 0 }]);
      expect(await db.exercises.list("ana")).toMatchObject([{ exercise: "e1", passed: false, answer: { code: "1 +" }, reason: "syntax" }]);
      expect(await db.judging.listReviews("ana")).toMatchObject([{ key: "r|q|0", learnerLabel: "unsupported" }]);
      expect(await db.manifests.list("lancedb", "ana__")).toMatchObject([{ name: "ana__talks", meta: { dimension: 8 } }]);
      expect(await db.experiments.recordTestLook("ana", "part1", "cfgB")).toBe(2);
      expect(await db.jobs.get("ana", "j1")).toMatchObject({ status: "failed", error: "boom", errorCode: "timeout" });

      await db.traces.add("ana", "intro", { ...entry, output: "new" });
      const traces = await db.traces.list("ana", "intro");
      expect(traces.map((t) => [t.id > 41, t.output])).toEqual([
        [false, "old"],
        [true, "new"],
      ]);
      await db.notebooks.addOwn("ana", "intro", { id: "own_b", kind: "ts", code: "", after: "c1", position: 0 });
      expect((await db.notebooks.listOwn("ana", "intro")).map((c) => c.id)).toEqual(["own_b", "own_a"]);
    } finally {
      await db.close();
    }
  });

  it("that cannot be brought forward is left at its version, nothing of the upgrade applied", async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, "app.sqlite");
    const raw = oldAppSqlite(dataDir, 8);
    // A trace row the scrub migration (version 9) cannot read.
    raw.exec(`INSERT INTO llm_trace (learner, notebook, record) VALUES ('ana', 'intro', 'not json')`);
    raw.close();
    await expect(openAppDb({ dataDir })).rejects.toThrow(/from schema version 8 failed; it is left at that version/);
    expect(userVersion(file)).toBe(8);
    const check = new DatabaseSync(file);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name IN ('test_look', 'own_cell', 'kysely_migration')").all()).toEqual([]);
    check.close();
  });
});

describe("an embeddings.sqlite from before Kysely", () => {
  function oldEmbeddings(dataDir: string, rows: [model: string, hash: string, vector: number[]][]) {
    const db = new DatabaseSync(path.join(dataDir, "embeddings.sqlite"));
    db.exec(`PRAGMA journal_mode = WAL;
      CREATE TABLE embeddings (model_id TEXT NOT NULL, text_hash TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model_id, text_hash)) WITHOUT ROWID;`);
    const insert = db.prepare("INSERT INTO embeddings VALUES (?, ?, ?)");
    for (const [model, hash, vector] of rows) {
      const f = Float32Array.from(vector);
      insert.run(model, hash, new Uint8Array(f.buffer));
    }
    db.close();
  }

  const engines = {
    SQLite: async (dataDir: string) => ({ dataDir }),
    PostgreSQL: async (dataDir: string) => ({ dataDir, url: await freshDatabase(inject("postgresUrl"), "legacy_embeddings") }),
  };

  for (const [engine, options] of Object.entries(engines)) {
    it(`is imported once into the ${engine} app database and renamed`, async () => {
      const dataDir = tempDir();
      const rows = Array.from({ length: 2_500 }, (_, i): [string, string, number[]] => [i % 2 ? "model-a" : "model-b", `h${i}`, [i, 0.1, -i]]);
      oldEmbeddings(dataDir, rows);
      const where = await options(dataDir);
      const db = await openAppDb(where);
      try {
        const a = await db.embeddings.getMany("model-a", ["h1", "h2", "h2499"]);
        expect([...a.keys()]).toEqual(["h1", "h2499"]);
        expect(Array.from(a.get("h2499")!)).toEqual(Array.from(Float32Array.from([2499, 0.1, -2499])));
        expect((await db.embeddings.getMany("model-b", rows.filter((_, i) => i % 2 === 0).map((r) => r[1]))).size).toBe(1_250);
      } finally {
        await db.close();
      }
      expect(fs.existsSync(path.join(dataDir, "embeddings.sqlite"))).toBe(false);
      expect(fs.existsSync(path.join(dataDir, "embeddings.sqlite.imported"))).toBe(true);

      // The app database keeps them; nothing is imported again.
      const again = await openAppDb(where);
      expect((await again.embeddings.getMany("model-a", ["h1"])).size).toBe(1);
      await again.close();
    });
  }
});

import fs from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { redactForLearner, redactSecrets } from "@/lib/errors/redact";
import { z } from "zod";
import type { EmbeddingCacheStore } from "./app-db";
import { vectorFromBytes } from "./kysely/stores/embeddings";

/**
 * Data directories from before the Kysely schema (lib/db/kysely). Their
 * app.sqlite was versioned with PRAGMA user_version by the list below, frozen
 * as it shipped: a file at an older version is first brought to the last one
 * (13), which the Kysely migration "0001-app-schema" then adopts as it is.
 * Their embedding cache was a file of its own, embeddings.sqlite, which is
 * imported once into the app database.
 */

/** The schema versions before Kysely, applied in order; frozen. */
export const LEGACY_MIGRATIONS: readonly string[] = [
  `CREATE TABLE cell_code (
     learner TEXT NOT NULL, lesson TEXT NOT NULL, cell TEXT NOT NULL,
     code TEXT NOT NULL, updated_at TEXT NOT NULL,
     PRIMARY KEY (learner, lesson, cell));
   CREATE TABLE cell_run (
     learner TEXT NOT NULL, lesson TEXT NOT NULL, cell TEXT NOT NULL,
     status TEXT NOT NULL, outputs TEXT NOT NULL, elapsed_ms REAL NOT NULL, ran_at TEXT NOT NULL,
     PRIMARY KEY (learner, lesson, cell));`,
  `CREATE TABLE job (
     id TEXT PRIMARY KEY, learner TEXT NOT NULL, kind TEXT NOT NULL, spec TEXT NOT NULL,
     status TEXT NOT NULL, progress TEXT, result TEXT, error TEXT,
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
   CREATE INDEX job_by_learner ON job (learner, created_at);`,
  `CREATE TABLE learner (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);`,
  `CREATE TABLE experiment (
     id TEXT PRIMARY KEY, learner TEXT NOT NULL, created_at TEXT NOT NULL, record TEXT NOT NULL);
   CREATE INDEX experiment_by_learner ON experiment (learner, created_at);`,
  `CREATE TABLE judge_reply (key TEXT PRIMARY KEY, reply TEXT NOT NULL);`,
  `CREATE TABLE judge_run (
     id TEXT PRIMARY KEY, learner TEXT NOT NULL, experiment TEXT, created_at TEXT NOT NULL, record TEXT NOT NULL);
   CREATE INDEX judge_run_by_learner ON judge_run (learner, created_at);
   CREATE TABLE rag_answer (
     learner TEXT NOT NULL, experiment TEXT NOT NULL, variant TEXT NOT NULL, question TEXT NOT NULL, record TEXT NOT NULL,
     PRIMARY KEY (learner, experiment, variant, question));
   CREATE TABLE claim_review (
     learner TEXT NOT NULL, key TEXT NOT NULL, claim TEXT NOT NULL, judge_label TEXT NOT NULL,
     learner_label TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (learner, key));
   CREATE TABLE llm_trace (
     id INTEGER PRIMARY KEY AUTOINCREMENT, learner TEXT NOT NULL, notebook TEXT NOT NULL, record TEXT NOT NULL);
   CREATE INDEX llm_trace_by_notebook ON llm_trace (learner, notebook, id);`,
  // Question sets are ids or content now: runs stored with the shipped file's path get its id, and no run keeps a path.
  `UPDATE experiment SET record = json_set(record, '$.questionSet.id', 'google-talks-v1', '$.spec.questions', 'google-talks-v1')
     WHERE json_extract(record, '$.questionSet.path') LIKE '%datasets/questions/google-talks-v1.json';
   UPDATE experiment SET record = json_remove(json_set(record, '$.questionSet.hash', json_extract(record, '$.questionSet.version')), '$.questionSet.path', '$.questionSet.version')
     WHERE json_extract(record, '$.questionSet.path') IS NOT NULL;`,
  `CREATE TABLE collection_manifest (
     engine TEXT NOT NULL, name TEXT NOT NULL, meta TEXT NOT NULL, created_at TEXT NOT NULL,
     PRIMARY KEY (engine, name));`,
  // Rows stored before redaction; the ragcamp_scrub_* functions are registered by upgradeLegacyAppSqlite.
  `UPDATE llm_trace SET record = ragcamp_scrub_trace(record);
   UPDATE job SET error = ragcamp_scrub_error(error) WHERE error IS NOT NULL;`,
  `CREATE TABLE test_look (
     learner TEXT NOT NULL, test_part TEXT NOT NULL, config TEXT NOT NULL, first_at TEXT NOT NULL,
     PRIMARY KEY (learner, test_part, config));`,
  // A failed job's error class (a LabError code), so clients following it over HTTP keep it.
  `ALTER TABLE job ADD COLUMN error_code TEXT;`,
  // Exercise attempts and solution views, appended; a learner's progress is read from them.
  `CREATE TABLE exercise_event (
     id INTEGER PRIMARY KEY AUTOINCREMENT, learner TEXT NOT NULL, lesson TEXT NOT NULL, exercise TEXT NOT NULL,
     event TEXT NOT NULL, passed INTEGER, answer TEXT, reason TEXT, at TEXT NOT NULL);
   CREATE INDEX exercise_event_by_learner ON exercise_event (learner, lesson, id);`,
  // Learner cells of their own: placed below a lesson cell (after), ordered there by pos (0, 1, ...); runs go to cell_run.
  `CREATE TABLE own_cell (
     learner TEXT NOT NULL, lesson TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL,
     after TEXT NOT NULL, pos INTEGER NOT NULL, updated_at TEXT NOT NULL,
     PRIMARY KEY (learner, lesson, id));`,
];

/** The text fields of a trace entry as old versions stored it; whatever else it holds is kept as it is. */
const storedTrace = z.looseObject({ prompt: z.string(), output: z.string(), context: z.array(z.string()).optional(), error: z.string().optional() });

/** A stored trace entry as the trace log writes it since version 9: secrets out, server paths out of errors. */
function scrubbedTrace(record: string): string {
  const entry = storedTrace.parse(JSON.parse(record));
  return JSON.stringify({
    ...entry,
    prompt: redactSecrets(entry.prompt),
    output: redactSecrets(entry.output),
    ...(entry.context ? { context: entry.context.map((c) => redactSecrets(c)) } : {}),
    ...(entry.error ? { error: redactForLearner(entry.error, "stored trace error") } : {}),
  });
}

/**
 * Brings an app.sqlite at an old version (1 to 12) to the last one, all
 * pending versions in one transaction. A missing file, a new one (version 0:
 * the Kysely schema never sets it) or one at 13 is left alone.
 */
export function upgradeLegacyAppSqlite(file: string): void {
  if (!fs.existsSync(file)) return;
  const db = new DatabaseSync(file, { timeout: 5_000 });
  try {
    const { user_version: version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
    if (version === 0 || version >= LEGACY_MIGRATIONS.length) return;
    db.function("ragcamp_scrub_trace", { deterministic: true }, (record) => scrubbedTrace(String(record)));
    db.function("ragcamp_scrub_error", { deterministic: true }, (error) => redactForLearner(String(error), "stored job error"));
    db.exec("BEGIN IMMEDIATE");
    try {
      for (let v = version; v < LEGACY_MIGRATIONS.length; v++) db.exec(LEGACY_MIGRATIONS[v]);
      db.exec(`PRAGMA user_version = ${LEGACY_MIGRATIONS.length}`);
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw new Error(`Upgrading ${file} from schema version ${version} failed; it is left at that version: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  } finally {
    db.close();
  }
}

/** Vectors copied per putMany: one transaction each, and a crash part-way is simply imported again (the first vector stored wins). */
const IMPORT_BATCH = 1_000;

/**
 * Imports `<dataDir>/embeddings.sqlite` (the old embedding cache) into the app
 * database, then renames it `embeddings.sqlite.imported`, so it is imported once.
 */
export async function importLegacyEmbeddings(dataDir: string, store: EmbeddingCacheStore): Promise<void> {
  const file = path.join(dataDir, "embeddings.sqlite");
  if (!fs.existsSync(file)) return;
  // Read-write, so that a WAL the old process left behind is recovered rather than refused.
  const old = new DatabaseSync(file, { timeout: 5_000 });
  try {
    if (old.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'embeddings'").get()) {
      let model: string | undefined;
      let batch = new Map<string, Float32Array>();
      const flush = async () => {
        if (model !== undefined && batch.size > 0) await store.putMany(model, batch);
        batch = new Map();
      };
      for (const row of old.prepare("SELECT model_id, text_hash, vector FROM embeddings ORDER BY model_id").iterate()) {
        const modelId = String(row.model_id);
        if (modelId !== model || batch.size >= IMPORT_BATCH) {
          await flush();
          model = modelId;
        }
        batch.set(String(row.text_hash), vectorFromBytes(row.vector as Uint8Array));
      }
      await flush();
    }
  } finally {
    old.close();
  }
  fs.renameSync(file, `${file}.imported`);
}

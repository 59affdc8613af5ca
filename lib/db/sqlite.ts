import fs from "node:fs";
import path from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { redactForLearner, redactSecrets } from "@/lib/errors/redact";
import type { ReviewLabel } from "@/lib/judge/contract";
import type { CellRun } from "@/lib/kernel/outputs";
import type { OwnCell, OwnCellPlace } from "@/lib/lessons/contract";
import { OWN_CELL_PREFIX } from "@/lib/lessons/own-cells";
import type { ClaimReview, CollectionManifestRow, ExerciseEvent, JobRecord, Learner, LlmTraceEntry, NotebookState, SavedCell, SavedRun } from "./app-db";
import { TRACE_KEEP } from "@/lib/llm/contract";

/** Schema versions, applied in order; a version once shipped never changes. */
export const MIGRATIONS: readonly string[] = [
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
  // Rows stored before redaction; the ragcamp_scrub_* functions are registered in the constructor.
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


/** Everything stored per learner, for resetLearner. */
const LEARNER_TABLES = ["cell_code", "cell_run", "job", "experiment", "judge_run", "rag_answer", "claim_review", "llm_trace", "test_look", "exercise_event", "own_cell"];

interface CodeRow {
  cell: string;
  code: string;
  updated_at: string;
}
interface JobRow {
  id: string;
  learner: string;
  kind: string;
  spec: string;
  status: JobRecord["status"];
  progress: string | null;
  result: string | null;
  error: string | null;
  error_code: string | null;
  created_at: string;
  updated_at: string;
}

function jobFromRow(r: JobRow): JobRecord {
  return {
    id: r.id,
    learner: r.learner,
    kind: r.kind,
    spec: JSON.parse(r.spec),
    status: r.status,
    progress: r.progress ? JSON.parse(r.progress) : null,
    result: r.result ? JSON.parse(r.result) : null,
    error: r.error,
    errorCode: r.error_code,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

interface ManifestRow {
  name: string;
  meta: string;
  created_at: string;
}

function manifestFromRow(r: ManifestRow): CollectionManifestRow {
  return { name: r.name, meta: JSON.parse(r.meta), createdAt: r.created_at };
}

/** A stored trace entry as the trace log now writes it (lib/llm/trace.ts): secrets out, server paths out of errors. */
function scrubbedTrace(record: string): string {
  const entry = JSON.parse(record) as LlmTraceEntry;
  return JSON.stringify({
    ...entry,
    prompt: redactSecrets(entry.prompt),
    output: redactSecrets(entry.output),
    ...(entry.context ? { context: entry.context.map((c) => redactSecrets(c)) } : {}),
    ...(entry.error ? { error: redactForLearner(entry.error, "stored trace error") } : {}),
  });
}

interface OwnRow {
  id: string;
  kind: OwnCell["kind"];
  code: string;
  after: string;
  pos: number;
  updated_at: string;
}

function ownFromRow(r: OwnRow): OwnCell {
  return { id: r.id, kind: r.kind, code: r.code, after: r.after, position: Number(r.pos), updatedAt: r.updated_at };
}

interface RunRow {
  cell: string;
  status: SavedRun["status"];
  outputs: string;
  elapsed_ms: number;
  ran_at: string;
}

/**
 * The app database before the asynchronous ports: synchronous, SQLite only.
 * lib/db/interim.ts puts it behind the ports until the Kysely stores replace both.
 */
export class SqliteAppDb {
  readonly engine = "sqlite";
  private readonly db: DatabaseSync;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    // NORMAL is the usual pairing with WAL: no corruption on a crash, only the last commits lost on power failure.
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
    this.db.function("ragcamp_scrub_trace", { deterministic: true }, (record) => scrubbedTrace(String(record)));
    this.db.function("ragcamp_scrub_error", { deterministic: true }, (error) => redactForLearner(String(error), "stored job error"));
    this.migrate();
  }

  private migrate(): void {
    const version = (this.db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.exec(`BEGIN; ${MIGRATIONS[v]} PRAGMA user_version = ${v + 1}; COMMIT;`);
    }
  }

  getNotebook(learnerId: string, lesson: string): NotebookState {
    const codeRows = this.db
      .prepare("SELECT cell, code, updated_at FROM cell_code WHERE learner = ? AND lesson = ?")
      .all(learnerId, lesson) as unknown as CodeRow[];
    const runRows = this.db
      .prepare("SELECT cell, status, outputs, elapsed_ms, ran_at FROM cell_run WHERE learner = ? AND lesson = ?")
      .all(learnerId, lesson) as unknown as RunRow[];
    const state: NotebookState = { cells: {}, runs: {}, own: this.listOwnCells(learnerId, lesson) };
    for (const r of codeRows) state.cells[r.cell] = { code: r.code, updatedAt: r.updated_at };
    for (const r of runRows) {
      state.runs[r.cell] = {
        status: r.status,
        outputs: JSON.parse(r.outputs),
        elapsedMs: r.elapsed_ms,
        ranAt: r.ran_at,
      };
    }
    return state;
  }

  saveCell(learnerId: string, lesson: string, cellId: string, code: string): SavedCell {
    const updatedAt = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO cell_code (learner, lesson, cell, code, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (learner, lesson, cell) DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at`,
      )
      .run(learnerId, lesson, cellId, code, updatedAt);
    return { code, updatedAt };
  }

  saveRun(learnerId: string, lesson: string, cellId: string, run: CellRun): SavedRun {
    const ranAt = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO cell_run (learner, lesson, cell, status, outputs, elapsed_ms, ran_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (learner, lesson, cell) DO UPDATE SET status = excluded.status,
           outputs = excluded.outputs, elapsed_ms = excluded.elapsed_ms, ran_at = excluded.ran_at`,
      )
      .run(learnerId, lesson, cellId, run.status, JSON.stringify(run.outputs), run.elapsedMs, ranAt);
    return { ...run, ranAt };
  }

  resetCell(learnerId: string, lesson: string, cellId: string): void {
    this.db.prepare("DELETE FROM cell_code WHERE learner = ? AND lesson = ? AND cell = ?").run(learnerId, lesson, cellId);
    this.db.prepare("DELETE FROM cell_run WHERE learner = ? AND lesson = ? AND cell = ?").run(learnerId, lesson, cellId);
  }

  listOwnCells(learnerId: string, lesson: string): OwnCell[] {
    const rows = this.db
      .prepare("SELECT id, kind, code, after, pos, updated_at FROM own_cell WHERE learner = ? AND lesson = ? ORDER BY after, pos")
      .all(learnerId, lesson) as unknown as OwnRow[];
    return rows.map(ownFromRow);
  }

  getOwnCell(learnerId: string, lesson: string, id: string): OwnCell | undefined {
    const row = this.db
      .prepare("SELECT id, kind, code, after, pos, updated_at FROM own_cell WHERE learner = ? AND lesson = ? AND id = ?")
      .get(learnerId, lesson, id) as unknown as OwnRow | undefined;
    return row && ownFromRow(row);
  }

  /** Runs `fn` in one transaction: positions are renumbered in several statements. */
  private transaction<T>(fn: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      this.db.exec("COMMIT");
      return result;
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    }
  }

  /** Opens a gap at `place` (clamped to the end) among the own cells there, other than `id`; returns the position. */
  private openGap(learnerId: string, lesson: string, id: string, place: OwnCellPlace): number {
    const { n } = this.db
      .prepare("SELECT COUNT(*) AS n FROM own_cell WHERE learner = ? AND lesson = ? AND after = ? AND id <> ?")
      .get(learnerId, lesson, place.after, id) as { n: number };
    const position = Math.min(place.position, Number(n));
    this.db
      .prepare("UPDATE own_cell SET pos = pos + 1 WHERE learner = ? AND lesson = ? AND after = ? AND id <> ? AND pos >= ?")
      .run(learnerId, lesson, place.after, id, position);
    return position;
  }

  /** Closes the gap a cell leaves at its old place. */
  private closeGap(learnerId: string, lesson: string, cell: OwnCell): void {
    this.db
      .prepare("UPDATE own_cell SET pos = pos - 1 WHERE learner = ? AND lesson = ? AND after = ? AND pos > ?")
      .run(learnerId, lesson, cell.after, cell.position);
  }

  addOwnCell(learnerId: string, lesson: string, cell: Omit<OwnCell, "updatedAt">): OwnCell {
    return this.transaction(() => {
      const position = this.openGap(learnerId, lesson, cell.id, cell);
      const updatedAt = new Date().toISOString();
      this.db
        .prepare("INSERT INTO own_cell (learner, lesson, id, kind, code, after, pos, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .run(learnerId, lesson, cell.id, cell.kind, cell.code, cell.after, position, updatedAt);
      return { ...cell, position, updatedAt };
    });
  }

  saveOwnCode(learnerId: string, lesson: string, id: string, code: string): OwnCell | undefined {
    this.db
      .prepare("UPDATE own_cell SET code = ?, updated_at = ? WHERE learner = ? AND lesson = ? AND id = ?")
      .run(code, new Date().toISOString(), learnerId, lesson, id);
    return this.getOwnCell(learnerId, lesson, id);
  }

  placeOwnCell(learnerId: string, lesson: string, id: string, place: OwnCellPlace): OwnCell | undefined {
    return this.transaction(() => {
      const cell = this.getOwnCell(learnerId, lesson, id);
      if (!cell) return undefined;
      // Leave the old place first, so a move within one place counts positions without the cell itself.
      this.db.prepare("UPDATE own_cell SET pos = -1 WHERE learner = ? AND lesson = ? AND id = ?").run(learnerId, lesson, id);
      this.closeGap(learnerId, lesson, cell);
      const position = this.openGap(learnerId, lesson, id, place);
      this.db
        .prepare("UPDATE own_cell SET after = ?, pos = ? WHERE learner = ? AND lesson = ? AND id = ?")
        .run(place.after, position, learnerId, lesson, id);
      return { ...cell, after: place.after, position };
    });
  }

  deleteOwnCell(learnerId: string, lesson: string, id: string): boolean {
    return this.transaction(() => {
      const cell = this.getOwnCell(learnerId, lesson, id);
      if (!cell) return false;
      this.db.prepare("DELETE FROM own_cell WHERE learner = ? AND lesson = ? AND id = ?").run(learnerId, lesson, id);
      this.db.prepare("DELETE FROM cell_run WHERE learner = ? AND lesson = ? AND cell = ?").run(learnerId, lesson, id);
      this.closeGap(learnerId, lesson, cell);
      return true;
    });
  }

  progress(learnerId: string): Record<string, number> {
    // Lesson cells only: a learner's own cells are not the lesson's to count.
    const rows = this.db
      .prepare("SELECT lesson, COUNT(*) AS n FROM cell_run WHERE learner = ? AND status = 'done' AND substr(cell, 1, ?) <> ? GROUP BY lesson")
      .all(learnerId, OWN_CELL_PREFIX.length, OWN_CELL_PREFIX) as unknown as { lesson: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.lesson, Number(r.n)]));
  }

  lastRunAt(learnerId: string): Record<string, string> {
    const rows = this.db.prepare("SELECT lesson, MAX(ran_at) AS at FROM cell_run WHERE learner = ? GROUP BY lesson").all(learnerId) as unknown as { lesson: string; at: string }[];
    return Object.fromEntries(rows.map((r) => [r.lesson, r.at]));
  }

  addExerciseEvent(learnerId: string, e: Omit<ExerciseEvent, "at">): ExerciseEvent {
    const at = new Date().toISOString();
    this.db
      .prepare("INSERT INTO exercise_event (learner, lesson, exercise, event, passed, answer, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(learnerId, e.lesson, e.exercise, e.event, e.passed === null ? null : Number(e.passed), e.answer === undefined ? null : JSON.stringify(e.answer), e.reason, at);
    return { ...e, at };
  }

  listExerciseEvents(learnerId: string, lesson?: string): ExerciseEvent[] {
    const rows = this.db
      .prepare(`SELECT lesson, exercise, event, passed, answer, reason, at FROM exercise_event WHERE learner = ? ${lesson ? "AND lesson = ?" : ""} ORDER BY id`)
      .all(...(lesson ? [learnerId, lesson] : [learnerId])) as unknown as { lesson: string; exercise: string; event: ExerciseEvent["event"]; passed: number | null; answer: string | null; reason: string | null; at: string }[];
    return rows.map((r) => ({
      lesson: r.lesson,
      exercise: r.exercise,
      event: r.event,
      passed: r.passed === null ? null : r.passed === 1,
      answer: r.answer === null ? undefined : JSON.parse(r.answer),
      reason: r.reason,
      at: r.at,
    }));
  }

  addLearner({ id, name, tokenHash }: { id: string; name: string; tokenHash: string }): Learner {
    const createdAt = new Date().toISOString();
    this.db.prepare("INSERT INTO learner (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)").run(id, name, tokenHash, createdAt);
    return { id, name, createdAt };
  }

  learnerByTokenHash(tokenHash: string): Learner | undefined {
    const row = this.db.prepare("SELECT id, name, created_at FROM learner WHERE token_hash = ?").get(tokenHash) as
      | { id: string; name: string; created_at: string }
      | undefined;
    return row && { id: row.id, name: row.name, createdAt: row.created_at };
  }

  listLearners(): (Learner & { cellsRun: number; lastActive: string | null })[] {
    const rows = this.db
      .prepare(
        `SELECT l.id, l.name, l.created_at, COUNT(r.cell) AS runs, MAX(r.ran_at) AS last
         FROM learner l LEFT JOIN cell_run r ON r.learner = l.id GROUP BY l.id ORDER BY l.name`,
      )
      .all() as unknown as { id: string; name: string; created_at: string; runs: number; last: string | null }[];
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, cellsRun: Number(r.runs), lastActive: r.last }));
  }

  resetLearner(learnerId: string): void {
    for (const table of LEARNER_TABLES) this.db.prepare(`DELETE FROM ${table} WHERE learner = ?`).run(learnerId);
  }

  saveExperiment(learnerId: string, id: string, record: unknown): void {
    this.db
      .prepare("INSERT INTO experiment (id, learner, created_at, record) VALUES (?, ?, ?, ?)")
      .run(id, learnerId, new Date().toISOString(), JSON.stringify(record));
  }

  getExperiment(learnerId: string, id: string): unknown {
    const row = this.db.prepare("SELECT record FROM experiment WHERE learner = ? AND id = ?").get(learnerId, id) as { record: string } | undefined;
    return row ? JSON.parse(row.record) : undefined;
  }

  listExperiments(learnerId: string): { id: string; createdAt: string; record: unknown }[] {
    const rows = this.db
      // Lists show summaries: leave out the per-question rankings, by far the largest part of a record.
      .prepare("SELECT id, created_at, json_remove(record, '$.ranked') AS record FROM experiment WHERE learner = ? ORDER BY created_at DESC")
      .all(learnerId) as unknown as { id: string; created_at: string; record: string }[];
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at, record: JSON.parse(r.record) }));
  }

  deleteExperiment(learnerId: string, id: string): boolean {
    this.db.prepare("DELETE FROM rag_answer WHERE learner = ? AND experiment = ?").run(learnerId, id);
    return Number(this.db.prepare("DELETE FROM experiment WHERE learner = ? AND id = ?").run(learnerId, id).changes) > 0;
  }

  recordTestLook(learnerId: string, testPart: string, config: string): number {
    this.db.prepare("INSERT OR IGNORE INTO test_look (learner, test_part, config, first_at) VALUES (?, ?, ?, ?)").run(learnerId, testPart, config, new Date().toISOString());
    const row = this.db.prepare("SELECT COUNT(*) AS n FROM test_look WHERE learner = ? AND test_part = ?").get(learnerId, testPart) as { n: number };
    return Number(row.n);
  }

  judgeReply(key: string): string | undefined {
    return (this.db.prepare("SELECT reply FROM judge_reply WHERE key = ?").get(key) as { reply: string } | undefined)?.reply;
  }

  saveJudgeReply(key: string, reply: string): void {
    this.db.prepare("INSERT OR REPLACE INTO judge_reply (key, reply) VALUES (?, ?)").run(key, reply);
  }

  saveJudgeRun(learnerId: string, id: string, experiment: string | null, record: unknown): void {
    this.db
      .prepare("INSERT INTO judge_run (id, learner, experiment, created_at, record) VALUES (?, ?, ?, ?, ?)")
      .run(id, learnerId, experiment, new Date().toISOString(), JSON.stringify(record));
  }

  getJudgeRun(learnerId: string, id: string): unknown {
    const row = this.db.prepare("SELECT record FROM judge_run WHERE learner = ? AND id = ?").get(learnerId, id) as { record: string } | undefined;
    return row ? JSON.parse(row.record) : undefined;
  }

  listJudgeRuns(learnerId: string): { id: string; experiment: string | null; createdAt: string; record: unknown }[] {
    const rows = this.db
      .prepare("SELECT id, experiment, created_at, record FROM judge_run WHERE learner = ? ORDER BY created_at DESC")
      .all(learnerId) as unknown as { id: string; experiment: string | null; created_at: string; record: string }[];
    return rows.map((r) => ({ id: r.id, experiment: r.experiment, createdAt: r.created_at, record: JSON.parse(r.record) }));
  }

  ragAnswers(learnerId: string, experiment: string, variant: string): Map<string, unknown> {
    const rows = this.db
      .prepare("SELECT question, record FROM rag_answer WHERE learner = ? AND experiment = ? AND variant = ?")
      .all(learnerId, experiment, variant) as unknown as { question: string; record: string }[];
    return new Map(rows.map((r) => [r.question, JSON.parse(r.record)]));
  }

  saveRagAnswer(learnerId: string, experiment: string, variant: string, question: string, record: unknown): void {
    this.db
      .prepare("INSERT OR REPLACE INTO rag_answer (learner, experiment, variant, question, record) VALUES (?, ?, ?, ?, ?)")
      .run(learnerId, experiment, variant, question, JSON.stringify(record));
  }

  saveClaimReview(learnerId: string, review: Omit<ClaimReview, "updatedAt">): ClaimReview {
    const updatedAt = new Date().toISOString();
    this.db
      .prepare("INSERT OR REPLACE INTO claim_review (learner, key, claim, judge_label, learner_label, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(learnerId, review.key, review.claim, review.judgeLabel, review.learnerLabel, updatedAt);
    return { ...review, updatedAt };
  }

  deleteClaimReview(learnerId: string, key: string): void {
    this.db.prepare("DELETE FROM claim_review WHERE learner = ? AND key = ?").run(learnerId, key);
  }

  listClaimReviews(learnerId: string): ClaimReview[] {
    const rows = this.db
      .prepare("SELECT key, claim, judge_label, learner_label, updated_at FROM claim_review WHERE learner = ? ORDER BY updated_at")
      .all(learnerId) as unknown as { key: string; claim: string; judge_label: ReviewLabel; learner_label: ReviewLabel; updated_at: string }[];
    return rows.map((r) => ({ key: r.key, claim: r.claim, judgeLabel: r.judge_label, learnerLabel: r.learner_label, updatedAt: r.updated_at }));
  }

  addTrace(learnerId: string, notebook: string, entry: LlmTraceEntry, keep = TRACE_KEEP): void {
    this.db.prepare("INSERT INTO llm_trace (learner, notebook, record) VALUES (?, ?, ?)").run(learnerId, notebook, JSON.stringify(entry));
    this.db
      .prepare(
        `DELETE FROM llm_trace WHERE learner = ?1 AND notebook = ?2 AND id < (
           SELECT MIN(id) FROM (SELECT id FROM llm_trace WHERE learner = ?1 AND notebook = ?2 ORDER BY id DESC LIMIT ?3))`,
      )
      .run(learnerId, notebook, keep);
  }

  listTraces(learnerId: string, notebook: string, newest = -1): (LlmTraceEntry & { id: number })[] {
    const rows = this.db
      .prepare("SELECT id, record FROM llm_trace WHERE learner = ? AND notebook = ? ORDER BY id DESC LIMIT ?")
      .all(learnerId, notebook, newest) as unknown as { id: number; record: string }[];
    return rows.reverse().map((r) => ({ id: Number(r.id), ...(JSON.parse(r.record) as LlmTraceEntry) }));
  }

  countTraces(learnerId: string, notebook: string): number {
    return Number((this.db.prepare("SELECT COUNT(*) AS n FROM llm_trace WHERE learner = ? AND notebook = ?").get(learnerId, notebook) as { n: number }).n);
  }

  clearTraces(learnerId: string, notebook: string): void {
    this.db.prepare("DELETE FROM llm_trace WHERE learner = ? AND notebook = ?").run(learnerId, notebook);
  }

  createJob(job: Pick<JobRecord, "id" | "learner" | "kind" | "spec">): JobRecord {
    const now = new Date().toISOString();
    this.db
      .prepare("INSERT INTO job (id, learner, kind, spec, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)")
      .run(job.id, job.learner, job.kind, JSON.stringify(job.spec), now, now);
    return { ...job, status: "queued", progress: null, result: null, error: null, errorCode: null, createdAt: now, updatedAt: now };
  }

  updateJob(id: string, change: Partial<Pick<JobRecord, "status" | "progress" | "result" | "error" | "errorCode">>): void {
    const columns: [string, string | null][] = [["updated_at", new Date().toISOString()]];
    if (change.status !== undefined) columns.push(["status", change.status]);
    if (change.progress !== undefined) columns.push(["progress", JSON.stringify(change.progress)]);
    if (change.result !== undefined) columns.push(["result", JSON.stringify(change.result)]);
    if (change.error !== undefined) columns.push(["error", change.error]);
    if (change.errorCode !== undefined) columns.push(["error_code", change.errorCode]);
    const sets = columns.map(([c]) => `${c} = ?`).join(", ");
    this.db.prepare(`UPDATE job SET ${sets} WHERE id = ?`).run(...columns.map(([, v]) => v), id);
  }

  getJob(learnerId: string, id: string): JobRecord | undefined {
    const row = this.db.prepare("SELECT * FROM job WHERE learner = ? AND id = ?").get(learnerId, id) as unknown as JobRow | undefined;
    return row && jobFromRow(row);
  }

  listJobs(learnerId: string, opts: { active?: boolean; limit?: number } = {}): JobRecord[] {
    const where = opts.active ? "AND status IN ('queued', 'running')" : "";
    const rows = this.db
      .prepare(`SELECT * FROM job WHERE learner = ? ${where} ORDER BY created_at DESC LIMIT ?`)
      .all(learnerId, opts.limit ?? 50) as unknown as JobRow[];
    return rows.map(jobFromRow);
  }

  failInterruptedJobs(message: string): number {
    const res = this.db
      .prepare("UPDATE job SET status = 'failed', error = ?, updated_at = ? WHERE status IN ('queued', 'running')")
      .run(message, new Date().toISOString());
    return Number(res.changes);
  }

  listCollectionManifests(engine: string, prefix = ""): CollectionManifestRow[] {
    // substr rather than LIKE: "_" in a prefix is a wildcard to LIKE.
    const rows = this.db
      .prepare("SELECT name, meta, created_at FROM collection_manifest WHERE engine = ? AND substr(name, 1, ?) = ? ORDER BY name")
      .all(engine, prefix.length, prefix) as unknown as ManifestRow[];
    return rows.map(manifestFromRow);
  }

  getCollectionManifest(engine: string, name: string): CollectionManifestRow | undefined {
    const row = this.db.prepare("SELECT name, meta, created_at FROM collection_manifest WHERE engine = ? AND name = ?").get(engine, name) as
      | ManifestRow
      | undefined;
    return row && manifestFromRow(row);
  }

  putCollectionManifest(engine: string, name: string, meta: unknown): void {
    this.db
      .prepare("INSERT OR REPLACE INTO collection_manifest (engine, name, meta, created_at) VALUES (?, ?, ?, ?)")
      .run(engine, name, JSON.stringify(meta), new Date().toISOString());
  }

  deleteCollectionManifest(engine: string, name: string): void {
    this.db.prepare("DELETE FROM collection_manifest WHERE engine = ? AND name = ?").run(engine, name);
  }

  close(): void {
    this.db.close();
  }
}

/** Bound parameters per lookup statement (model id + hashes): small, predictable IN lists. */
const MAX_PARAMS = 500;

// Vectors are stored as raw Float32 in the platform's byte order (little-endian
// everywhere Node runs in practice); the blob length gives the dimension.
function toBlob(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}

function fromBlob(blob: Uint8Array): Float32Array {
  // Copy: the blob's offset need not be 4-byte aligned.
  return new Float32Array(blob.slice().buffer);
}

/**
 * Persistent embedding cache in `<dataDir>/embeddings.sqlite`, keyed by
 * (model id, sha256 of the text). One process should own the file (see the
 * design brief); WAL keeps readers from blocking the writer all the same.
 */
export class EmbeddingCache {
  readonly file: string;
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, "embeddings.sqlite");
    this.db = new DatabaseSync(this.file, { timeout: 5_000 });
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS embeddings (
        model_id TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (model_id, text_hash)
      ) WITHOUT ROWID;
    `);
    // Same model and text give the same vector, so the first one stored wins.
    this.insert = this.db.prepare(
      "INSERT INTO embeddings (model_id, text_hash, vector) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    );
  }

  /** Cached vectors for those hashes that have one; absent hashes are misses. */
  getMany(modelId: string, hashes: readonly string[]): Map<string, Float32Array> {
    const found = new Map<string, Float32Array>();
    const step = MAX_PARAMS - 1;
    for (let i = 0; i < hashes.length; i += step) {
      const part = hashes.slice(i, i + step);
      const rows = this.db
        .prepare(
          `SELECT text_hash, vector FROM embeddings WHERE model_id = ? AND text_hash IN (${part.map(() => "?").join(",")})`,
        )
        .all(modelId, ...part);
      for (const row of rows) {
        found.set(String(row.text_hash), fromBlob(row.vector as Uint8Array));
      }
    }
    return found;
  }

  /** Stores all entries in one transaction: a batch is either fully cached or not at all. */
  putMany(modelId: string, entries: ReadonlyMap<string, Float32Array>): void {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      for (const [hash, vector] of entries) this.insert.run(modelId, hash, toBlob(vector));
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }
}

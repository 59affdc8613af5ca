import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from "kysely";
import { z } from "zod";
import { jobRecordSchema } from "@/lib/jobs/contract";
import { claimReviewRecordSchema } from "@/lib/judge/contract";
import { ownCellSchema, savedRunSchema, type OwnCell, type OwnCellPlace } from "@/lib/lessons/contract";
import { OWN_CELL_PREFIX } from "@/lib/lessons/own-cells";
import { llmTraceEntrySchema, TRACE_KEEP } from "@/lib/llm/contract";
import type { AppDb, ExerciseEvent, JobRecord } from "../app-db";
import { guarded } from "./errors";
import type { Engine } from "./migrations";
import { LEARNER_TABLES, type Tables } from "./schema";

type Db = Kysely<Tables>;
type Stores = Omit<AppDb, "engine" | "location" | "close">;

const now = () => new Date().toISOString();
/** Counts come back as strings from PostgreSQL (bigint), as numbers from SQLite. */
const asNumber = (n: string | number | bigint) => Number(n);

/** Bound parameters per embedding lookup or insert: well under both engines' limits. */
const MAX_PARAMS = 500;

/** Tries of a serializable transaction that lost a race: each round of racing ones lets at least one through. */
const MAX_TRIES = 20;

/**
 * Runs statements that must land together in one transaction. Serializable
 * where they read then renumber (own cells): PostgreSQL then refuses one of
 * two racing transactions instead of interleaving them, and it is run again.
 * SQLite's transactions (begin immediate) are serial anyway.
 */
async function atomic<T>(db: Db, run: (trx: Transaction<Tables>) => Promise<T>, serializable = false): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const trx = db.transaction();
      return await (serializable ? trx.setIsolationLevel("serializable") : trx).execute(run);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      // 40001 serialization failure, 40P01 deadlock: nothing was applied, safe to run again.
      if (attempt >= MAX_TRIES || (code !== "40001" && code !== "40P01")) throw e;
      // A random pause, so the losers do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/** `column` starts with `prefix`, literally: LIKE would take "_" and "%" in it as wildcards. */
function startsWith<T extends keyof Tables>(eb: ExpressionBuilder<Tables, T>, column: Expression<string>, prefix: string): Expression<SqlBool> {
  // length() counts characters on both engines, as substr does (a JS length counts UTF-16 units).
  return eb(eb.fn("substr", [column, eb.lit(1), eb.fn("length", [eb.cast(eb.val(prefix), "text")])]), "=", prefix);
}

/**
 * An experiment record's JSON text without its `ranked` drill-down, by far
 * the largest part, so lists never load it. The one query written per engine:
 * PostgreSQL's `jsonb - key` would also reorder the record's keys.
 */
function withoutRanked(engine: Engine) {
  return engine === "sqlite"
    ? sql<string>`json_remove(record, '$.ranked')`
    : sql<string>`(select coalesce(json_object_agg(e.key, e.value order by e.n), '{}')::text
        from json_each(record::json) with ordinality as e(key, value, n) where e.key <> 'ranked')`;
}

const json = (value: unknown) => JSON.stringify(value);
const parseJson = (text: string): unknown => JSON.parse(text);
const parseNullableJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

const exerciseEventKind = z.enum(["attempt", "solution"]);

function ownFromRow(r: Tables["own_cell"]): OwnCell {
  return ownCellSchema.parse({ id: r.id, kind: r.kind, code: r.code, after: r.after, position: Number(r.pos), updatedAt: r.updated_at });
}

function jobFromRow(r: Tables["job"]): JobRecord {
  return jobRecordSchema.parse({
    id: r.id,
    learner: r.learner,
    kind: r.kind,
    spec: parseJson(r.spec),
    status: r.status,
    progress: parseNullableJson(r.progress),
    result: parseNullableJson(r.result),
    error: r.error,
    errorCode: r.error_code,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

function manifestFromRow(r: Tables["collection_manifest"]) {
  return { name: r.name, meta: parseJson(r.meta), createdAt: r.created_at };
}

// Vectors are raw Float32 in the platform's byte order (little-endian wherever Node runs in practice).
function toBytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Copies: the bytes' offset need not be 4-byte aligned, and node-postgres hands out views of a shared buffer. */
export function vectorFromBytes(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

function notebookStore(db: Db): Stores["notebooks"] {
  const ownCell = (q: Db, learnerId: string, lesson: string, id: string) =>
    q.selectFrom("own_cell").selectAll().where("learner", "=", learnerId).where("lesson", "=", lesson).where("id", "=", id).executeTakeFirst();
  const getOwn = async (q: Db, learnerId: string, lesson: string, id: string) => {
    const row = await ownCell(q, learnerId, lesson, id);
    return row && ownFromRow(row);
  };
  const listOwn = async (q: Db, learnerId: string, lesson: string) => {
    const rows = await q.selectFrom("own_cell").selectAll().where("learner", "=", learnerId).where("lesson", "=", lesson).execute();
    // Sorted here: the engines' text collations differ, and cell ids must order alike on both.
    return rows.map(ownFromRow).sort((a, b) => (a.after < b.after ? -1 : a.after > b.after ? 1 : a.position - b.position));
  };
  /** Opens a gap at `place` (clamped to the end) among the own cells there, other than `id`; returns the position. */
  const openGap = async (q: Db, learnerId: string, lesson: string, id: string, place: OwnCellPlace) => {
    const { n } = await q
      .selectFrom("own_cell")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("learner", "=", learnerId)
      .where("lesson", "=", lesson)
      .where("after", "=", place.after)
      .where("id", "<>", id)
      .executeTakeFirstOrThrow();
    const position = Math.min(place.position, asNumber(n));
    await q
      .updateTable("own_cell")
      .set((eb) => ({ pos: eb("pos", "+", 1) }))
      .where("learner", "=", learnerId)
      .where("lesson", "=", lesson)
      .where("after", "=", place.after)
      .where("id", "<>", id)
      .where("pos", ">=", position)
      .execute();
    return position;
  };
  /** Closes the gap a cell leaves at its old place. */
  const closeGap = (q: Db, learnerId: string, lesson: string, cell: OwnCell) =>
    q
      .updateTable("own_cell")
      .set((eb) => ({ pos: eb("pos", "-", 1) }))
      .where("learner", "=", learnerId)
      .where("lesson", "=", lesson)
      .where("after", "=", cell.after)
      .where("pos", ">", cell.position)
      .execute();

  return {
    async get(learnerId, lesson) {
      const [codeRows, runRows, own] = await Promise.all([
        db.selectFrom("cell_code").select(["cell", "code", "updated_at"]).where("learner", "=", learnerId).where("lesson", "=", lesson).execute(),
        db.selectFrom("cell_run").selectAll().where("learner", "=", learnerId).where("lesson", "=", lesson).execute(),
        listOwn(db, learnerId, lesson),
      ]);
      return {
        cells: Object.fromEntries(codeRows.map((r) => [r.cell, { code: r.code, updatedAt: r.updated_at }])),
        runs: Object.fromEntries(
          runRows.map((r) => [r.cell, savedRunSchema.parse({ status: r.status, outputs: parseJson(r.outputs), elapsedMs: Number(r.elapsed_ms), ranAt: r.ran_at })]),
        ),
        own,
      };
    },

    async saveCode(learnerId, lesson, cellId, code) {
      const updatedAt = now();
      await db
        .insertInto("cell_code")
        .values({ learner: learnerId, lesson, cell: cellId, code, updated_at: updatedAt })
        .onConflict((oc) => oc.columns(["learner", "lesson", "cell"]).doUpdateSet((eb) => ({ code: eb.ref("excluded.code"), updated_at: eb.ref("excluded.updated_at") })))
        .execute();
      return { code, updatedAt };
    },

    async saveRun(learnerId, lesson, cellId, run) {
      const ranAt = now();
      await db
        .insertInto("cell_run")
        .values({ learner: learnerId, lesson, cell: cellId, status: run.status, outputs: json(run.outputs), elapsed_ms: run.elapsedMs, ran_at: ranAt })
        .onConflict((oc) =>
          oc.columns(["learner", "lesson", "cell"]).doUpdateSet((eb) => ({
            status: eb.ref("excluded.status"),
            outputs: eb.ref("excluded.outputs"),
            elapsed_ms: eb.ref("excluded.elapsed_ms"),
            ran_at: eb.ref("excluded.ran_at"),
          })),
        )
        .execute();
      return { ...run, ranAt };
    },

    async resetCell(learnerId, lesson, cellId) {
      await atomic(db, async (trx) => {
        for (const table of ["cell_code", "cell_run"] as const) {
          await trx.deleteFrom(table).where("learner", "=", learnerId).where("lesson", "=", lesson).where("cell", "=", cellId).execute();
        }
      });
    },

    listOwn: (learnerId, lesson) => listOwn(db, learnerId, lesson),
    getOwn: (learnerId, lesson, id) => getOwn(db, learnerId, lesson, id),

    addOwn(learnerId, lesson, cell) {
      return atomic(
        db,
        async (trx) => {
          const position = await openGap(trx, learnerId, lesson, cell.id, cell);
          const updatedAt = now();
          await trx
            .insertInto("own_cell")
            .values({ learner: learnerId, lesson, id: cell.id, kind: cell.kind, code: cell.code, after: cell.after, pos: position, updated_at: updatedAt })
            .execute();
          return { ...cell, position, updatedAt };
        },
        true,
      );
    },

    async saveOwnCode(learnerId, lesson, id, code) {
      await db.updateTable("own_cell").set({ code, updated_at: now() }).where("learner", "=", learnerId).where("lesson", "=", lesson).where("id", "=", id).execute();
      return getOwn(db, learnerId, lesson, id);
    },

    placeOwn(learnerId, lesson, id, place) {
      return atomic(
        db,
        async (trx) => {
          const cell = await getOwn(trx, learnerId, lesson, id);
          if (!cell) return undefined;
          const mine = trx.updateTable("own_cell").where("learner", "=", learnerId).where("lesson", "=", lesson).where("id", "=", id);
          // Leave the old place first, so a move within one place counts positions without the cell itself.
          await mine.set({ pos: -1 }).execute();
          await closeGap(trx, learnerId, lesson, cell);
          const position = await openGap(trx, learnerId, lesson, id, place);
          await mine.set({ after: place.after, pos: position }).execute();
          return { ...cell, after: place.after, position };
        },
        true,
      );
    },

    deleteOwn(learnerId, lesson, id) {
      return atomic(
        db,
        async (trx) => {
          const cell = await getOwn(trx, learnerId, lesson, id);
          if (!cell) return false;
          await trx.deleteFrom("own_cell").where("learner", "=", learnerId).where("lesson", "=", lesson).where("id", "=", id).execute();
          await trx.deleteFrom("cell_run").where("learner", "=", learnerId).where("lesson", "=", lesson).where("cell", "=", id).execute();
          await closeGap(trx, learnerId, lesson, cell);
          return true;
        },
        true,
      );
    },

    async progress(learnerId) {
      // Lesson cells only: a learner's own cells are not the lesson's to count.
      const rows = await db
        .selectFrom("cell_run")
        .select((eb) => ["lesson", eb.fn.countAll().as("n")])
        .where("learner", "=", learnerId)
        .where("status", "=", "done")
        .where((eb) => eb.not(startsWith(eb, eb.ref("cell"), OWN_CELL_PREFIX)))
        .groupBy("lesson")
        .execute();
      return Object.fromEntries(rows.map((r) => [r.lesson, asNumber(r.n)]));
    },

    async lastRunAt(learnerId) {
      const rows = await db
        .selectFrom("cell_run")
        .select((eb) => ["lesson", eb.fn.max("ran_at").as("at")])
        .where("learner", "=", learnerId)
        .groupBy("lesson")
        .execute();
      return Object.fromEntries(rows.map((r) => [r.lesson, r.at]));
    },
  };
}

function exerciseStore(db: Db): Stores["exercises"] {
  return {
    async add(learnerId, e) {
      const at = now();
      await db
        .insertInto("exercise_event")
        .values({
          learner: learnerId,
          lesson: e.lesson,
          exercise: e.exercise,
          event: e.event,
          passed: e.passed === null ? null : Number(e.passed),
          answer: e.answer === undefined ? null : json(e.answer),
          reason: e.reason,
          at,
        })
        .execute();
      return { ...e, at };
    },

    async list(learnerId, lesson) {
      let query = db.selectFrom("exercise_event").selectAll().where("learner", "=", learnerId);
      if (lesson) query = query.where("lesson", "=", lesson);
      const rows = await query.orderBy("id").execute();
      return rows.map(
        (r): ExerciseEvent => ({
          lesson: r.lesson,
          exercise: r.exercise,
          event: exerciseEventKind.parse(r.event),
          passed: r.passed === null ? null : Number(r.passed) === 1,
          answer: r.answer === null ? undefined : parseJson(r.answer),
          reason: r.reason,
          at: r.at,
        }),
      );
    },
  };
}

function learnerStore(db: Db): Stores["learners"] {
  return {
    async add({ id, name, tokenHash }) {
      const createdAt = now();
      await db.insertInto("learner").values({ id, name, token_hash: tokenHash, created_at: createdAt }).execute();
      return { id, name, createdAt };
    },

    async byTokenHash(tokenHash) {
      const row = await db.selectFrom("learner").select(["id", "name", "created_at"]).where("token_hash", "=", tokenHash).executeTakeFirst();
      return row && { id: row.id, name: row.name, createdAt: row.created_at };
    },

    async list() {
      const rows = await db
        .selectFrom("learner as l")
        .leftJoin("cell_run as r", "r.learner", "l.id")
        .select((eb) => ["l.id", "l.name", "l.created_at", eb.fn.count("r.cell").as("runs"), eb.fn.max("r.ran_at").as("last")])
        .groupBy(["l.id", "l.name", "l.created_at"])
        .orderBy("l.name")
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, cellsRun: asNumber(r.runs), lastActive: r.last }));
    },

    async reset(learnerId) {
      await atomic(db, async (trx) => {
        for (const table of LEARNER_TABLES) await trx.deleteFrom(table).where("learner", "=", learnerId).execute();
      });
    },
  };
}

function experimentStore(db: Db, engine: Engine): Stores["experiments"] {
  return {
    async save(learnerId, id, record) {
      await db.insertInto("experiment").values({ id, learner: learnerId, created_at: now(), record: json(record) }).execute();
    },

    async get(learnerId, id) {
      const row = await db.selectFrom("experiment").select("record").where("learner", "=", learnerId).where("id", "=", id).executeTakeFirst();
      return row ? parseJson(row.record) : undefined;
    },

    async list(learnerId) {
      const rows = await db
        .selectFrom("experiment")
        .select(["id", "created_at", withoutRanked(engine).as("record")])
        .where("learner", "=", learnerId)
        .orderBy("created_at", "desc")
        .execute();
      return rows.map((r) => ({ id: r.id, createdAt: r.created_at, record: parseJson(r.record) }));
    },

    delete(learnerId, id) {
      return atomic(db, async (trx) => {
        await trx.deleteFrom("rag_answer").where("learner", "=", learnerId).where("experiment", "=", id).execute();
        const { numDeletedRows } = await trx.deleteFrom("experiment").where("learner", "=", learnerId).where("id", "=", id).executeTakeFirst();
        return numDeletedRows > 0n;
      });
    },

    async recordTestLook(learnerId, testPart, config) {
      await db
        .insertInto("test_look")
        .values({ learner: learnerId, test_part: testPart, config, first_at: now() })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const { n } = await db
        .selectFrom("test_look")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("learner", "=", learnerId)
        .where("test_part", "=", testPart)
        .executeTakeFirstOrThrow();
      return asNumber(n);
    },
  };
}

function judgingStore(db: Db): Stores["judging"] {
  return {
    async reply(key) {
      return (await db.selectFrom("judge_reply").select("reply").where("key", "=", key).executeTakeFirst())?.reply;
    },

    async saveReply(key, reply) {
      await db
        .insertInto("judge_reply")
        .values({ key, reply })
        .onConflict((oc) => oc.column("key").doUpdateSet((eb) => ({ reply: eb.ref("excluded.reply") })))
        .execute();
    },

    async saveRun(learnerId, id, experiment, record) {
      await db.insertInto("judge_run").values({ id, learner: learnerId, experiment, created_at: now(), record: json(record) }).execute();
    },

    async getRun(learnerId, id) {
      const row = await db.selectFrom("judge_run").select("record").where("learner", "=", learnerId).where("id", "=", id).executeTakeFirst();
      return row ? parseJson(row.record) : undefined;
    },

    async listRuns(learnerId) {
      const rows = await db.selectFrom("judge_run").selectAll().where("learner", "=", learnerId).orderBy("created_at", "desc").execute();
      return rows.map((r) => ({ id: r.id, experiment: r.experiment, createdAt: r.created_at, record: parseJson(r.record) }));
    },

    async answers(learnerId, experiment, variant) {
      const rows = await db
        .selectFrom("rag_answer")
        .select(["question", "record"])
        .where("learner", "=", learnerId)
        .where("experiment", "=", experiment)
        .where("variant", "=", variant)
        .execute();
      return new Map(rows.map((r) => [r.question, parseJson(r.record)]));
    },

    async saveAnswer(learnerId, experiment, variant, question, record) {
      await db
        .insertInto("rag_answer")
        .values({ learner: learnerId, experiment, variant, question, record: json(record) })
        .onConflict((oc) => oc.columns(["learner", "experiment", "variant", "question"]).doUpdateSet((eb) => ({ record: eb.ref("excluded.record") })))
        .execute();
    },

    async saveReview(learnerId, review) {
      const updatedAt = now();
      await db
        .insertInto("claim_review")
        .values({ learner: learnerId, key: review.key, claim: review.claim, judge_label: review.judgeLabel, learner_label: review.learnerLabel, updated_at: updatedAt })
        .onConflict((oc) =>
          oc.columns(["learner", "key"]).doUpdateSet((eb) => ({
            claim: eb.ref("excluded.claim"),
            judge_label: eb.ref("excluded.judge_label"),
            learner_label: eb.ref("excluded.learner_label"),
            updated_at: eb.ref("excluded.updated_at"),
          })),
        )
        .execute();
      return { ...review, updatedAt };
    },

    async deleteReview(learnerId, key) {
      await db.deleteFrom("claim_review").where("learner", "=", learnerId).where("key", "=", key).execute();
    },

    async listReviews(learnerId) {
      const rows = await db.selectFrom("claim_review").selectAll().where("learner", "=", learnerId).orderBy("updated_at").execute();
      return rows.map((r) =>
        claimReviewRecordSchema.parse({ key: r.key, claim: r.claim, judgeLabel: r.judge_label, learnerLabel: r.learner_label, updatedAt: r.updated_at }),
      );
    },
  };
}

function traceStore(db: Db): Stores["traces"] {
  const ofNotebook = (learnerId: string, notebook: string) => (eb: ExpressionBuilder<Tables, "llm_trace">) =>
    eb.and([eb("learner", "=", learnerId), eb("notebook", "=", notebook)]);
  return {
    async add(learnerId, notebook, entry, keep = TRACE_KEEP) {
      await db.insertInto("llm_trace").values({ learner: learnerId, notebook, record: json(entry) }).execute();
      await db
        .deleteFrom("llm_trace")
        .where(ofNotebook(learnerId, notebook))
        .where("id", "<", (eb) =>
          eb
            .selectFrom((sub) => sub.selectFrom("llm_trace").select("id").where(ofNotebook(learnerId, notebook)).orderBy("id", "desc").limit(keep).as("kept"))
            .select((sub) => sub.fn.min("kept.id").as("oldest")),
        )
        .execute();
    },

    async list(learnerId, notebook, newest) {
      let query = db.selectFrom("llm_trace").select(["id", "record"]).where(ofNotebook(learnerId, notebook)).orderBy("id", "desc");
      if (newest !== undefined) query = query.limit(newest);
      const rows = await query.execute();
      return rows.reverse().map((r) => ({ id: Number(r.id), ...llmTraceEntrySchema.parse(parseJson(r.record)) }));
    },

    async count(learnerId, notebook) {
      const { n } = await db
        .selectFrom("llm_trace")
        .select((eb) => eb.fn.countAll().as("n"))
        .where(ofNotebook(learnerId, notebook))
        .executeTakeFirstOrThrow();
      return asNumber(n);
    },

    async clear(learnerId, notebook) {
      await db.deleteFrom("llm_trace").where(ofNotebook(learnerId, notebook)).execute();
    },
  };
}

function jobStore(db: Db): Stores["jobs"] {
  const ACTIVE = ["queued", "running"];
  return {
    async create(job) {
      const at = now();
      await db
        .insertInto("job")
        .values({ id: job.id, learner: job.learner, kind: job.kind, spec: json(job.spec), status: "queued", created_at: at, updated_at: at })
        .execute();
      return { ...job, status: "queued", progress: null, result: null, error: null, errorCode: null, createdAt: at, updatedAt: at };
    },

    async update(id, change) {
      await db
        .updateTable("job")
        .set({
          updated_at: now(),
          ...(change.status !== undefined && { status: change.status }),
          ...(change.progress !== undefined && { progress: json(change.progress) }),
          ...(change.result !== undefined && { result: json(change.result) }),
          ...(change.error !== undefined && { error: change.error }),
          ...(change.errorCode !== undefined && { error_code: change.errorCode }),
        })
        .where("id", "=", id)
        .execute();
    },

    async get(learnerId, id) {
      const row = await db.selectFrom("job").selectAll().where("learner", "=", learnerId).where("id", "=", id).executeTakeFirst();
      return row && jobFromRow(row);
    },

    async list(learnerId, opts = {}) {
      let query = db.selectFrom("job").selectAll().where("learner", "=", learnerId);
      if (opts.active) query = query.where("status", "in", ACTIVE);
      const rows = await query
        .orderBy("created_at", "desc")
        .limit(opts.limit ?? 50)
        .execute();
      return rows.map(jobFromRow);
    },

    async failInterrupted(message) {
      const { numUpdatedRows } = await db
        .updateTable("job")
        .set({ status: "failed", error: message, updated_at: now() })
        .where("status", "in", ACTIVE)
        .executeTakeFirst();
      return Number(numUpdatedRows);
    },
  };
}

function manifestStore(db: Db): Stores["manifests"] {
  return {
    async list(engine, prefix = "") {
      const rows = await db
        .selectFrom("collection_manifest")
        .selectAll()
        .where("engine", "=", engine)
        .where((eb) => startsWith(eb, eb.ref("name"), prefix))
        .execute();
      // Sorted here, by code unit: the engines' text collations differ.
      return rows.map(manifestFromRow).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    async get(engine, name) {
      const row = await db.selectFrom("collection_manifest").selectAll().where("engine", "=", engine).where("name", "=", name).executeTakeFirst();
      return row && manifestFromRow(row);
    },

    async put(engine, name, meta) {
      await db
        .insertInto("collection_manifest")
        .values({ engine, name, meta: json(meta), created_at: now() })
        .onConflict((oc) => oc.columns(["engine", "name"]).doUpdateSet((eb) => ({ meta: eb.ref("excluded.meta"), created_at: eb.ref("excluded.created_at") })))
        .execute();
    },

    async delete(engine, name) {
      await db.deleteFrom("collection_manifest").where("engine", "=", engine).where("name", "=", name).execute();
    },
  };
}

function embeddingStore(db: Db): Stores["embeddings"] {
  return {
    async getMany(modelId, hashes) {
      const found = new Map<string, Float32Array>();
      const step = MAX_PARAMS - 1;
      for (let i = 0; i < hashes.length; i += step) {
        const part = hashes.slice(i, i + step);
        const rows = await db.selectFrom("embedding").select(["text_hash", "vector"]).where("model_id", "=", modelId).where("text_hash", "in", part).execute();
        for (const row of rows) found.set(row.text_hash, vectorFromBytes(row.vector));
      }
      return found;
    },

    async putMany(modelId, entries) {
      const rows = [...entries].map(([hash, vector]) => ({ model_id: modelId, text_hash: hash, vector: toBytes(vector) }));
      const step = Math.floor(MAX_PARAMS / 3);
      // One transaction: a batch is either fully cached or not at all.
      await atomic(db, async (trx) => {
        for (let i = 0; i < rows.length; i += step) {
          // Same model and text give the same vector, so the first one stored wins.
          await trx
            .insertInto("embedding")
            .values(rows.slice(i, i + step))
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
      });
    },
  };
}

/** The nine stores over one connection pool; a database out of reach fails each call as LabError "unavailable" naming the step. */
export function createStores(db: Db, engine: Engine, location: string): Stores {
  return {
    notebooks: guarded(notebookStore(db), "notebooks", location),
    exercises: guarded(exerciseStore(db), "exercise events", location),
    learners: guarded(learnerStore(db), "learners", location),
    experiments: guarded(experimentStore(db, engine), "experiments", location),
    judging: guarded(judgingStore(db), "judge runs", location),
    traces: guarded(traceStore(db), "LLM traces", location),
    jobs: guarded(jobStore(db), "jobs", location),
    manifests: guarded(manifestStore(db), "collection manifests", location),
    embeddings: guarded(embeddingStore(db), "the embedding cache", location),
  };
}

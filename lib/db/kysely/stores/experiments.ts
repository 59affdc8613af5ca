import { sql } from "kysely";
import type { Engine } from "../migrations";
import { type Db, type Stores, now, asNumber, atomic, json, parseJson } from "./shared";

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

export function experimentStore(db: Db, engine: Engine): Stores["experiments"] {
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

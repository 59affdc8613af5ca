import { LabError } from "@/lib/errors";
import { LEARNER_TABLES } from "../schema";
import { type Db, type Stores, now, asNumber, atomic } from "./shared";

export function learnerStore(db: Db): Stores["learners"] {
  return {
    async add({ id, name, tokenHash }) {
      await db.insertInto("learner").values({ id, name, token_hash: tokenHash, created_at: now() }).onConflict((oc) => oc.column("id").doNothing()).execute();
      const row = await db.selectFrom("learner").select(["id", "name", "created_at"]).where("id", "=", id).executeTakeFirstOrThrow();
      return { id: row.id, name: row.name, createdAt: row.created_at };
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

    async addLink({ learner, tokenHash, reusable, expiresAt }) {
      await db.insertInto("join_link").values({ token_hash: tokenHash, learner, reusable: reusable ? 1 : 0, expires_at: expiresAt, used_at: null, created_at: now() }).execute();
    },

    async byLink(tokenHash) {
      const row = await db
        .selectFrom("join_link as j")
        .innerJoin("learner as l", "l.id", "j.learner")
        .select(["l.id", "l.name", "l.created_at", "j.reusable", "j.expires_at", "j.used_at"])
        .where("j.token_hash", "=", tokenHash)
        .executeTakeFirst();
      return row && { learner: { id: row.id, name: row.name, createdAt: row.created_at }, reusable: row.reusable === 1, expiresAt: row.expires_at, usedAt: row.used_at };
    },

    async useLink(tokenHash, at) {
      // One conditional update: of two racing exchanges of a single-use link, only one matches a row.
      const result = await db
        .updateTable("join_link")
        .set({ used_at: at })
        .where("token_hash", "=", tokenHash)
        .where((eb) => eb.or([eb("reusable", "=", 1), eb("used_at", "is", null)]))
        .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", at)]))
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },

    async expireLinks(learnerId, at) {
      const result = await db
        .updateTable("join_link")
        .set({ expires_at: at })
        .where("learner", "=", learnerId)
        .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", at)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async resetLesson(learnerId, lesson) {
      await atomic(db, async (trx) => {
        for (const table of ["cell_code", "cell_run", "own_cell", "exercise_event"] as const) await trx.deleteFrom(table).where("learner", "=", learnerId).where("lesson", "=", lesson).execute();
        await trx.deleteFrom("llm_trace").where("learner", "=", learnerId).where("notebook", "=", lesson).execute();
      });
    },

    async reset(learnerId) {
      await atomic(db, async (trx) => {
        for (const table of LEARNER_TABLES) await trx.deleteFrom(table).where("learner", "=", learnerId).execute();
      });
    },
  };
}

export function cohortStore(db: Db): Stores["cohort"] {
  const get = async () => {
    const row = await db.selectFrom("cohort").select(["name", "created_at"]).executeTakeFirst();
    return row && { name: row.name, createdAt: row.created_at };
  };
  return {
    get,

    async create(name) {
      const createdAt = now();
      const added = await db.insertInto("cohort").values({ id: 1, name, created_at: createdAt }).onConflict((oc) => oc.column("id").doNothing()).returning("id").executeTakeFirst();
      if (!added) throw new LabError("conflict", `This instance already holds a cohort (${(await get())?.name}); an instance has one cohort.`);
      return { name, createdAt };
    },
  };
}

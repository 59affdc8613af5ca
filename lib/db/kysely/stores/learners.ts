import { LEARNER_TABLES } from "../schema";
import { type Db, type Stores, now, asNumber, atomic } from "./shared";

export function learnerStore(db: Db): Stores["learners"] {
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

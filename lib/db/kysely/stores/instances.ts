import type { Db, Stores } from "./shared";
import { atomic, now } from "./shared";

export function instanceStore(db: Db): Stores["instances"] {
  return {
    async beat(id) {
      const at = now();
      await db
        .insertInto("instance")
        .values({ id, started_at: at, heartbeat_at: at })
        .onConflict((oc) => oc.column("id").doUpdateSet({ heartbeat_at: at }))
        .execute();
    },

    async reap(silentSince, message) {
      return atomic(db, async (trx) => {
        const silent = await trx.selectFrom("instance").select("id").where("heartbeat_at", "<", silentSince).execute();
        const instances = silent.map((r) => r.id);
        if (instances.length === 0) return { instances, workers: [] };
        const jobs = await trx
          .updateTable("job")
          .set({ status: "failed", error: message, error_code: "unavailable", updated_at: now() })
          .where("instance_id", "in", instances)
          .where("status", "=", "running")
          .returning("worker")
          .execute();
        await trx.deleteFrom("instance").where("id", "in", instances).execute();
        return { instances, workers: [...new Set(jobs.flatMap((j) => (j.worker ? [j.worker] : [])))] };
      });
    },

    async remove(id) {
      await db.deleteFrom("instance").where("id", "=", id).execute();
    },
  };
}

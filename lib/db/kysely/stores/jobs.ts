import type { Selectable } from "kysely";
import { jobRecordSchema } from "@/lib/jobs/contract";
import type { JobRecord } from "../../app-db";
import type { Tables } from "../schema";
import { type Db, type Stores, now, json, parseJson, parseNullableJson } from "./shared";

function jobFromRow(r: Selectable<Tables["job"]>): JobRecord {
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

export function jobStore(db: Db): Stores["jobs"] {
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
          // An upstream message may carry a NUL, which PostgreSQL text cannot; a job's end must still be recorded.
          ...(change.error !== undefined && { error: change.error?.replaceAll("\0", "\uFFFD") ?? null }),
          ...(change.errorCode !== undefined && { error_code: change.errorCode }),
        })
        .where("id", "=", id)
        // An end is written once: an instance reaped while still alive (cut off from the database) cannot overwrite "failed" later.
        .where("status", "in", ["queued", "running"])
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

    async claim(id, instance, worker) {
      const { numUpdatedRows } = await db
        .updateTable("job")
        .set({ status: "running", instance_id: instance, worker, updated_at: now() })
        .where("id", "=", id)
        .where("status", "=", "queued")
        .executeTakeFirst();
      return Number(numUpdatedRows) === 1;
    },

    async cancelQueued(id) {
      const { numUpdatedRows } = await db
        .updateTable("job")
        .set({ status: "cancelled", updated_at: now() })
        .where("id", "=", id)
        .where("status", "=", "queued")
        .executeTakeFirst();
      return Number(numUpdatedRows) === 1;
    },

    async requestCancel(id) {
      // One statement, so the instance named is the one that ran it when the flag was set.
      const row = await db
        .updateTable("job")
        .set({ cancel_requested: 1 })
        .where("id", "=", id)
        .where("status", "=", "running")
        .returning("instance_id")
        .executeTakeFirst();
      return row && { instance: row.instance_id };
    },

    async cancelRequested(instance) {
      const rows = await db.selectFrom("job").select("id").where("instance_id", "=", instance).where("status", "=", "running").where("cancel_requested", "=", 1).execute();
      return rows.map((r) => r.id);
    },
  };
}

import type { ExpressionBuilder } from "kysely";
import { llmTraceEntrySchema, TRACE_KEEP } from "@/lib/llm/contract";
import type { Tables } from "../schema";
import { type Db, type Stores, asNumber, json, parseJson } from "./shared";

export function traceStore(db: Db): Stores["traces"] {
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

import { claimReviewRecordSchema } from "@/lib/judge/contract";
import { type Db, type Stores, now, json, parseJson } from "./shared";

export function judgingStore(db: Db): Stores["judging"] {
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

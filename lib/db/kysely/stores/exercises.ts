import { z } from "zod";
import type { ExerciseEvent } from "../../app-db";
import { type Db, type Stores, now, json, parseJson } from "./shared";

const exerciseEventKind = z.enum(["attempt", "solution"]);

export function exerciseStore(db: Db): Stores["exercises"] {
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

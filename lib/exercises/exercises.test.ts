import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteAppDb } from "@/lib/db/sqlite";
import { loadLessons } from "@/lib/lessons/load";
import { fakeContext } from "./fake-context";
import { LESSON_EXERCISES } from "./registry";
import { attempt } from "./service";

/*
 * The content proof, over every exercise of every lesson: the solution
 * passes its check, the lesson's own starter fails it for the reason the
 * author states, and every declared wrong answer is rejected with a hint
 * (a prediction's wrong answer is answered, with the explanation).
 */
const lessons = loadLessons();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-exercises-"));
const db = new SqliteAppDb(path.join(dir, "app.sqlite"));
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
let learners = 0;

describe("exercise declarations", () => {
  it("every lesson declares at least two exercises, each with a check on the server, and no check is orphaned", () => {
    for (const l of lessons.filter((x) => LESSON_EXERCISES[x.slug])) {
      expect(l.exercises.length, `${l.file} declares too few exercises`).toBeGreaterThanOrEqual(2);
      const defs = LESSON_EXERCISES[l.slug] ?? {};
      expect(Object.keys(defs).sort(), `${l.file}: declared exercises vs checks in lib/exercises/lessons/${l.slug}.ts`).toEqual(l.exercises.map((e) => e.id).sort());
    }
  });
});

for (const lesson of lessons) {
  for (const ex of lesson.exercises) {
    const def = LESSON_EXERCISES[lesson.slug]?.[ex.id];
    if (!def) continue;
    const where = `${lesson.slug} / ${ex.id} (cell ${ex.cell})`;
    describe(where, () => {
      it("declares at least two plausible wrong answers, and hints unless it is a prediction", () => {
        expect(def.proof.wrong.length).toBeGreaterThanOrEqual(2);
        if (ex.kind === "predict") {
          expect(def.explanation).toBeTruthy();
          expect(ex.choices === undefined || ex.choices.length >= 2).toBe(true);
        } else expect(def.hints.length).toBeGreaterThanOrEqual(1);
      });

      it("passes its solution", async () => {
        const v = await def.check(def.proof.solution.answer, fakeContext(def.proof.solution.state));
        expect(v, v.reason).toMatchObject({ passed: true });
      });

      it("fails the lesson's starter for its stated reason", async () => {
        const v = await def.check(def.proof.starter.answer, fakeContext(def.proof.starter.state));
        expect(v.passed).toBe(false);
        expect(v.reason).toMatch(def.proof.starter.reason);
      });

      for (const wrong of def.proof.wrong) {
        it(`rejects a wrong answer (${wrong.misconception}) with a hint`, async () => {
          const learner = `proof-${++learners}`;
          const r = await attempt(db, learner, lessons, ex.id, wrong.answer, fakeContext(wrong.state));
          expect(r.reason, "the reason is in the learner's words, never a stack trace").not.toMatch(/\bat .*\.(ts|js):\d+/);
          if (ex.kind === "predict") {
            expect(r.passed).toBeNull();
            expect(r.state.status).toBe("answered");
            expect(r.state.explanation).toBe(def.explanation);
          } else {
            expect(r.passed).toBe(false);
            expect(r.hint).toBe(def.hints[0]);
          }
        });
      }
    });
  }
}

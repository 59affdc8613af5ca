import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAppDb, type AppDb } from "@/lib/db";
import { closeGraphEngines } from "@/lib/graph/engine/supervisor";
import { openLadybugGraph } from "@/lib/graph/ladybug";
import { loadDevopsGraph } from "@/lib/graph/load-devops";
import type { GraphStore } from "@/lib/graph/port";
import { loadLessons } from "@/lib/lessons/load";
import { proofContext } from "./proof-context";
import type { Case } from "./types";
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
let db: AppDb;
// The course graph on a real LadybugDB, as the lab loads it; scratch graphs are fresh ones per case.
let shared: GraphStore;
beforeAll(async () => {
  db = await openAppDb({ dataDir: dir });
  shared = await openLadybugGraph({ dataDir: path.join(dir, "shared") });
  await loadDevopsGraph(shared);
}, 60_000);
afterAll(async () => {
  await db?.close();
  await shared?.close();
  await closeGraphEngines();
  fs.rmSync(dir, { recursive: true, force: true });
});
let learners = 0;

async function inContext<T>(c: Case, fn: (ctx: ReturnType<typeof proofContext>) => Promise<T>): Promise<T> {
  const ctx = proofContext(c.state, { shared, openScratch: (d) => openLadybugGraph({ dataDir: d, target: "scratch" }) });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

describe("exercise declarations", () => {
  it("every lesson declares at least two exercises, each with a check on the server, and no check is orphaned", () => {
    for (const l of lessons) {
      expect(l.exercises.length, `${l.file} declares too few exercises`).toBeGreaterThanOrEqual(2);
      const defs = LESSON_EXERCISES[l.slug] ?? {};
      expect(Object.keys(defs).sort(), `${l.file}: declared exercises vs checks in lib/exercises/lessons/${l.slug}.ts`).toEqual(l.exercises.map((e) => e.id).sort());
    }
    expect(Object.keys(LESSON_EXERCISES).sort()).toEqual(lessons.map((l) => l.slug).sort());
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
        const v = await inContext(def.proof.solution, (ctx) => Promise.resolve(def.check(def.proof.solution.answer, ctx)));
        expect(v, v.reason).toMatchObject({ passed: true });
      });

      it("fails the lesson's starter for its stated reason", async () => {
        const v = await inContext(def.proof.starter, (ctx) => Promise.resolve(def.check(def.proof.starter.answer, ctx)));
        expect(v.passed).toBe(false);
        expect(v.reason).toMatch(def.proof.starter.reason);
      });

      for (const wrong of def.proof.wrong) {
        it(`rejects a wrong answer (${wrong.misconception}) with a hint`, async () => {
          const learner = `proof-${++learners}`;
          const r = await inContext(wrong, (ctx) => attempt(db, learner, lessons, ex.id, wrong.answer, ctx));
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

import "server-only";
import { processQueue } from "@/lib/async/keyed-queue";
import type { AppDb, ExerciseEvent } from "@/lib/db/app-db";
import { isLabError, LabError } from "@/lib/errors";
import type { Lesson, LessonExercise } from "@/lib/lessons/schema";
import { exerciseDef } from "./registry";
import type { AttemptResult, ExerciseState, LessonProgress } from "./contract";
import type { CheckContext, ExerciseDef, Verdict } from "./types";

/** Check failures that are the lab's, not the learner's: the attempt is not counted. */
const CANNOT_RUN = new Set(["unavailable", "engine_restarted", "timeout", "too_many_requests", "bad_gateway", "network", "server_error"]);

export function stateOf(ex: LessonExercise, def: ExerciseDef, events: ExerciseEvent[]): ExerciseState {
  const mine = events.filter((e) => e.exercise === ex.id);
  const attempts = mine.filter((e) => e.event === "attempt");
  const firstPass = attempts.findIndex((e) => e.passed === true);
  const failedBefore = (firstPass < 0 ? attempts : attempts.slice(0, firstPass)).filter((e) => e.passed === false).length;
  const solutionViewed = mine.some((e) => e.event === "solution");
  const hintsUsed = ex.kind === "predict" ? 0 : Math.min(failedBefore, def.hints.length);
  const answered = ex.kind === "predict" && attempts.length > 0;
  const passed = ex.kind === "predict" ? null : firstPass >= 0;
  const status = answered ? "answered" : passed ? "passed" : solutionViewed ? "solution-viewed" : "open";
  const last = attempts.at(-1);
  return {
    id: ex.id,
    kind: ex.kind,
    status,
    passed,
    attempts: attempts.length,
    hintsUsed,
    hints: def.hints.slice(0, hintsUsed),
    solutionViewed,
    ...(solutionViewed && ex.kind !== "predict" ? { solution: def.solution } : {}),
    ...(last?.reason ? { lastReason: last.reason } : {}),
    ...(answered ? { answer: attempts[0].answer, explanation: def.explanation } : {}),
  };
}

export async function exerciseStates(db: AppDb, learner: string, lesson: Lesson): Promise<ExerciseState[]> {
  const events = await db.exercises.list(learner, lesson.slug);
  return lesson.exercises.map((ex) => stateOf(ex, exerciseDef(lesson.slug, ex.id), events));
}

export function findExercise(lessons: Lesson[], id: string): { lesson: Lesson; exercise: LessonExercise; def: ExerciseDef } {
  for (const lesson of lessons) {
    const exercise = lesson.exercises.find((e) => e.id === id);
    if (exercise) return { lesson, exercise, def: exerciseDef(lesson.slug, id) };
  }
  throw new LabError("not_found", `No exercise "${id}"`);
}

/**
 * One learner's attempts at and solution views of one exercise are recorded
 * one at a time: each reads the state before it writes (a prediction is
 * answered once, a hint is earned by the attempt that failed before it).
 */
function inTurn<T>(learner: string, id: string, record: () => Promise<T>): Promise<T> {
  return processQueue("exercise-events").run(`${learner}\n${id}`, record);
}

/**
 * Checks an answer on the server and records the attempt. A check that
 * cannot run (its service is down) says so and is not counted; an error the
 * learner's answer caused (a query the graph refuses) is a failed attempt
 * with that error as its reason.
 */
export async function attempt(db: AppDb, learner: string, lessons: Lesson[], id: string, answer: unknown, ctx: CheckContext): Promise<AttemptResult> {
  const found = findExercise(lessons, id);
  return inTurn(learner, id, () => attemptNow(db, learner, found, answer, ctx));
}

async function attemptNow(db: AppDb, learner: string, { lesson, exercise, def }: ReturnType<typeof findExercise>, answer: unknown, ctx: CheckContext): Promise<AttemptResult> {
  const id = exercise.id;
  const before = stateOf(exercise, def, await db.exercises.list(learner, lesson.slug));
  if (exercise.kind === "predict" && before.status === "answered") throw new LabError("conflict", "This prediction is already answered: run the cell to see how it turns out.");
  let verdict: Verdict;
  try {
    verdict = await def.check(answer, ctx);
  } catch (e) {
    if (isLabError(e) && CANNOT_RUN.has(e.code)) {
      throw new LabError("unavailable", `The check could not run (${e.message}). This did not count as an attempt; try again in a moment.`);
    }
    if (!isLabError(e)) throw e;
    verdict = { passed: false, reason: `Your answer could not be checked: ${e.message}` };
  }
  // A prediction that is off is answered, not failed: it stores no verdict.
  const passed = exercise.kind === "predict" ? null : verdict.passed;
  // A malformed prediction (no choice made) is not an answer: nothing is recorded.
  if (exercise.kind === "predict" && verdict.malformed) {
    return { passed: null, reason: verdict.reason, state: before };
  }
  await db.exercises.add(learner, { lesson: lesson.slug, exercise: id, event: "attempt", passed, answer: exercise.kind === "predict" ? answer : undefined, reason: verdict.reason });
  const state = stateOf(exercise, def, await db.exercises.list(learner, lesson.slug));
  const hint = state.hintsUsed > before.hintsUsed ? state.hints.at(-1) : undefined;
  const reason = exercise.kind === "predict" ? (verdict.passed ? "Prediction recorded: it matches." : "Prediction recorded: it does not match.") : verdict.reason;
  return { passed, reason, ...(hint ? { hint } : {}), state };
}

/** Sends the solution and records that it was viewed: the exercise then counts as solved after viewing the solution. */
export async function viewSolution(db: AppDb, learner: string, lessons: Lesson[], id: string): Promise<ExerciseState> {
  const { lesson, exercise, def } = findExercise(lessons, id);
  if (exercise.kind === "predict") throw new LabError("bad_input", "A prediction has no solution to view: answer it, then run the cell.");
  return inTurn(learner, id, async () => {
    const before = stateOf(exercise, def, await db.exercises.list(learner, lesson.slug));
    if (!before.solutionViewed) await db.exercises.add(learner, { lesson: lesson.slug, exercise: id, event: "solution", passed: null, reason: null });
    return stateOf(exercise, def, await db.exercises.list(learner, lesson.slug));
  });
}

/** A learner's own progress, per lesson slug. */
export async function progress(db: AppDb, learner: string, lessons: Lesson[]): Promise<Record<string, LessonProgress>> {
  const [events, cellsRun, lastRun] = await Promise.all([db.exercises.list(learner), db.notebooks.progress(learner), db.notebooks.lastRunAt(learner)]);
  return Object.fromEntries(
    lessons.map((lesson) => {
      const mine = events.filter((e) => e.lesson === lesson.slug);
      const states = lesson.exercises.map((ex) => stateOf(ex, exerciseDef(lesson.slug, ex.id), mine));
      const times = [mine.at(-1)?.at, lastRun[lesson.slug]].filter((t): t is string => !!t).sort();
      return [
        lesson.slug,
        {
          exercises: states.map(({ id, kind, status, passed, attempts, hintsUsed, solutionViewed }) => ({ id, kind, status, passed, attempts, hintsUsed, solutionViewed })),
          cellsRun: Math.min(cellsRun[lesson.slug] ?? 0, lesson.cells.length),
          complete: states.length > 0 && states.every((s) => s.status !== "open"),
          lastActivity: times.at(-1) ?? null,
        },
      ];
    }),
  );
}

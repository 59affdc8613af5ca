/**
 * The exercise routes: answers checked on the server, and what each learner
 * has earned. The checks, hints and solutions stay on the server
 * (lib/exercises/service.ts): these shapes carry only the hints and solution
 * a learner has earned, so the page never holds more.
 */
import { z } from "zod";
import { endpoint, labType, noInput } from "@/lib/api/endpoint";

/** What a learner has earned on one exercise: only hints after failed attempts, the solution only once asked for. */
export const exerciseStateSchema = z.object({
  id: z.string(),
  kind: z.enum(["value", "state", "predict"]),
  /** open; passed; solution-viewed (completed by viewing the solution); answered (a prediction). */
  status: z.enum(["open", "passed", "solution-viewed", "answered"]),
  /** A prediction is answered, never passed or failed: null. */
  passed: z.boolean().nullable(),
  attempts: z.number().int(),
  hintsUsed: z.number().int(),
  hints: z.array(z.string()),
  solutionViewed: z.boolean(),
  solution: z.string().optional(),
  lastReason: z.string().optional(),
  /** Predictions: the answer given and what the cell shows. */
  answer: z.unknown().optional(),
  explanation: z.string().optional(),
});
export type ExerciseState = z.output<typeof exerciseStateSchema>;

export const exerciseVerdictSchema = labType(
  "ExerciseVerdict",
  z
    .object({
      passed: z.boolean().nullable(),
      reason: z.string(),
      hint: z.string().optional().describe("The hint this failed attempt earned, if one was left."),
    })
    .describe("The server's verdict on an exercise answer. `passed` is null for a prediction (answered, not passed or failed)."),
);
export type ExerciseVerdict = z.output<typeof exerciseVerdictSchema>;

export const attemptResultSchema = exerciseVerdictSchema.extend({ state: exerciseStateSchema });
export type AttemptResult = z.output<typeof attemptResultSchema>;

export const lessonProgressSchema = z.object({
  exercises: z.array(exerciseStateSchema.pick({ id: true, kind: true, status: true, passed: true, attempts: true, hintsUsed: true, solutionViewed: true })),
  cellsRun: z.number().int(),
  /** Every exercise passed, solved after viewing its solution, or (a prediction) answered. */
  complete: z.boolean(),
  lastActivity: z.string().nullable(),
});
export type LessonProgress = z.output<typeof lessonProgressSchema>;

/** A lesson's exercises as this learner has earned them: hints after failed attempts, a solution once asked for. */
export const listExercises = endpoint({
  method: "GET",
  path: "/api/exercises",
  request: z.object({ lesson: z.string().min(1).max(80) }),
  response: z.object({ exercises: z.array(exerciseStateSchema) }),
});

/** Checks an answer on the server and records the attempt; a failed one earns the next hint. */
export const attemptExercise = endpoint({
  method: "POST",
  path: "/api/exercises/[id]/attempt",
  // `value`: the cell's last value, a prediction, or a Cypher cell's query; absent for state exercises.
  request: z.strictObject({ value: z.unknown().optional() }),
  response: attemptResultSchema,
  maxBytes: 256_000,
});

/** Sends the solution; the exercise then counts as solved after viewing the solution. */
export const viewExerciseSolution = endpoint({ method: "POST", path: "/api/exercises/[id]/solution", request: noInput, response: exerciseStateSchema });

/** The caller's own progress per lesson (by slug): exercises, cells run, completion and last activity. */
export const getProgress = endpoint({ method: "GET", path: "/api/progress", request: noInput, response: z.object({ lessons: z.record(z.string(), lessonProgressSchema) }) });

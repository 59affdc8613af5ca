import type { LessonExercise } from "@/lib/lessons/schema";

// What the exercise routes send: safe for the page, which shows only what the learner has earned.

/** What a learner has earned on one exercise: only hints after failed attempts, the solution only once asked for. */
export interface ExerciseState {
  id: string;
  kind: LessonExercise["kind"];
  /** open; passed; solution-viewed (completed by viewing the solution); answered (a prediction). */
  status: "open" | "passed" | "solution-viewed" | "answered";
  /** A prediction is answered, never passed or failed: null. */
  passed: boolean | null;
  attempts: number;
  hintsUsed: number;
  hints: string[];
  solutionViewed: boolean;
  solution?: string;
  lastReason?: string;
  /** Predictions: the answer given and what the cell shows. */
  answer?: unknown;
  explanation?: string;
}

export interface AttemptResult {
  passed: boolean | null;
  reason: string;
  /** The hint this failed attempt earned, if one was left. */
  hint?: string;
  state: ExerciseState;
}

export interface LessonProgress {
  exercises: Pick<ExerciseState, "id" | "kind" | "status" | "passed" | "attempts" | "hintsUsed" | "solutionViewed">[];
  cellsRun: number;
  /** Every exercise passed, solved after viewing its solution, or (a prediction) answered. */
  complete: boolean;
  lastActivity: string | null;
}


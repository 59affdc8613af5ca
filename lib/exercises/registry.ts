import "server-only";
import { LabError } from "@/lib/errors";
import { exercises as notebookBasics } from "./lessons/notebook-basics";
import { exercises as similarityByHand } from "./lessons/similarity-by-hand";
import type { ExerciseDef, LessonExercises } from "./types";

/** Each lesson's checks, hints and solutions, by lesson slug. Server-only: never imported by client code. */
export const LESSON_EXERCISES: Record<string, LessonExercises> = {
  "notebook-basics": notebookBasics,
  "similarity-by-hand": similarityByHand,
};

export function exerciseDef(slug: string, id: string): ExerciseDef {
  const def = LESSON_EXERCISES[slug]?.[id];
  // A lesson declaring an exercise with no check is a content bug, which the exercise tests catch first.
  if (!def) throw new LabError("not_found", `Exercise "${id}" of lesson "${slug}" has no check on the server`);
  return def;
}

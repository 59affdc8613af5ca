import "server-only";
import { LabError } from "@/lib/errors";
import { exercises as advancedRetrieval } from "./lessons/advanced-retrieval";
import { exercises as captionsToVectors } from "./lessons/captions-to-vectors";
import { exercises as cypherBasics } from "./lessons/cypher-basics";
import { exercises as groundedAnswers } from "./lessons/grounded-answers";
import { exercises as howLlmsWork } from "./lessons/how-llms-work";
import { exercises as knowledgeGraphQa } from "./lessons/knowledge-graph-qa";
import { exercises as notebookBasics } from "./lessons/notebook-basics";
import { exercises as notebookToProduction } from "./lessons/notebook-to-production";
import { exercises as retrievalExperiments } from "./lessons/retrieval-experiments";
import { exercises as similarityByHand } from "./lessons/similarity-by-hand";
import { exercises as similarityNotTransitive } from "./lessons/similarity-not-transitive";
import type { ExerciseDef, LessonExercises } from "./types";

/** Each lesson's checks, hints and solutions, by lesson slug. Server-only: never imported by client code. */
export const LESSON_EXERCISES: Record<string, LessonExercises> = {
  "notebook-basics": notebookBasics,
  "how-llms-work": howLlmsWork,
  "similarity-by-hand": similarityByHand,
  "captions-to-vectors": captionsToVectors,
  "cypher-basics": cypherBasics,
  "knowledge-graph-qa": knowledgeGraphQa,
  "retrieval-experiments": retrievalExperiments,
  "advanced-retrieval": advancedRetrieval,
  "similarity-not-transitive": similarityNotTransitive,
  "grounded-answers": groundedAnswers,
  "notebook-to-production": notebookToProduction,
};

export function exerciseDef(slug: string, id: string): ExerciseDef {
  const def = LESSON_EXERCISES[slug]?.[id];
  // A lesson declaring an exercise with no check is a content bug, which the exercise tests catch first.
  if (!def) throw new LabError("not_found", `Exercise "${id}" of lesson "${slug}" has no check on the server`);
  return def;
}

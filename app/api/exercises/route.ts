import { appDb } from "@/lib/db";
import { listExercises } from "@/lib/exercises/contract";
import { exerciseStates } from "@/lib/exercises/service";
import { lessonOrThrow } from "@/lib/lessons/catalog";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** A lesson's exercises as this learner has earned them: hints after failed attempts, a solution once asked for. */
export const GET = route(listExercises, async ({ lesson }) => ({ exercises: await exerciseStates(await appDb(), await currentLearner(), lessonOrThrow(lesson)) }));

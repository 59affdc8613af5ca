import { z } from "zod";
import { appDb } from "@/lib/db";
import { exerciseStates } from "@/lib/exercises/service";
import { lessonOrThrow } from "@/lib/lessons/catalog";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

const query = z.object({ lesson: z.string().min(1).max(80) });

/** A lesson's exercises as this learner has earned them: hints after failed attempts, a solution once asked for. */
export const GET = route(async (req) => {
  const { lesson } = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  return { exercises: exerciseStates(appDb(), await currentLearner(), lessonOrThrow(lesson)) };
});

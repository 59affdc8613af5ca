import { appDb } from "@/lib/db";
import { getProgress } from "@/lib/exercises/contract";
import { progress } from "@/lib/exercises/service";
import { lessons } from "@/lib/lessons/catalog";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** The caller's own progress per lesson: exercises, cells run, completion and last activity. */
export const GET = route(getProgress, async () => ({ lessons: await progress(await appDb(), await currentLearner(), lessons()) }));

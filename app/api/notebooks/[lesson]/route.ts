import { appDb } from "@/lib/db";
import { lessonOrThrow } from "@/lib/lessons/catalog";
import { getNotebook } from "@/lib/lessons/contract";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

export const GET = route(getNotebook, async (_input, { params }) => (await appDb()).notebooks.get(await currentLearner(), lessonOrThrow(params.lesson).slug));

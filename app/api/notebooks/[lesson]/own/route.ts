import { appDb } from "@/lib/db";
import { lessonOrThrow } from "@/lib/lessons/catalog";
import { createOwnCell } from "@/lib/lessons/contract";
import { currentLearner } from "@/lib/server/learner";
import { addOwnCell } from "@/lib/server/notebook";
import { route } from "@/lib/server/route";

/** Adds a cell of the learner's own below a cell of the lesson or another of their own. */
export const POST = route(createOwnCell, async (input, { params }) => addOwnCell(await appDb(), await currentLearner(), lessonOrThrow(params.lesson), input));

import { appDb } from "@/lib/db";
import { lessonOrThrow } from "@/lib/lessons/catalog";
import { MAX_CELL_CODE_BYTES } from "@/lib/lessons/own-cells";
import { currentLearner } from "@/lib/server/learner";
import { addOwnCell, newOwnCellBody } from "@/lib/server/own-cells";
import { jsonBody, route } from "@/lib/server/route";

/** Adds a cell of the learner's own below a cell of the lesson or another of their own. */
export const POST = route<{ lesson: string }>(async (req, { params }) => {
  const lesson = lessonOrThrow((await params).lesson);
  const input = await jsonBody(req, newOwnCellBody, MAX_CELL_CODE_BYTES * 2);
  return addOwnCell(appDb(), await currentLearner(), lesson, input);
});

import { appDb } from "@/lib/db";
import { lessonOrThrow } from "@/lib/lessons/catalog";
import { deleteOwnCell, moveOwnCell, saveOwnCellCode } from "@/lib/lessons/contract";
import { currentLearner } from "@/lib/server/learner";
import { ownCellOrThrow, placeOwnCell, saveOwnCode } from "@/lib/server/own-cells";
import { route } from "@/lib/server/route";

/** Saves an own cell's code (the page's autosave). */
export const PUT = route(saveOwnCellCode, async ({ code }, { params }) => saveOwnCode(appDb(), await currentLearner(), lessonOrThrow(params.lesson), params.cell, code));

/** Moves an own cell: below which lesson cell, and where among the own cells there. */
export const PATCH = route(moveOwnCell, async (place, { params }) => placeOwnCell(appDb(), await currentLearner(), lessonOrThrow(params.lesson), params.cell, place));

/** Deletes an own cell and its saved run. */
export const DELETE = route(deleteOwnCell, async (_input, { params }) => {
  const lesson = lessonOrThrow(params.lesson);
  const learner = await currentLearner();
  ownCellOrThrow(appDb(), learner, lesson, params.cell);
  appDb().deleteOwnCell(learner, lesson.slug, params.cell);
  return { deleted: params.cell };
});

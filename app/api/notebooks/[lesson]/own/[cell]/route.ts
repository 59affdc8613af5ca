import { appDb } from "@/lib/db";
import { lessonOrThrow } from "@/lib/lessons/catalog";
import { deleteOwnCell, moveOwnCell, saveOwnCellCode } from "@/lib/lessons/contract";
import { currentLearner } from "@/lib/server/learner";
import { deleteOwnCell as deleteCell, placeOwnCell, saveOwnCode } from "@/lib/server/notebook";
import { route } from "@/lib/server/route";

/** Saves an own cell's code (the page's autosave). */
export const PUT = route(saveOwnCellCode, async ({ code }, { params }) => saveOwnCode(await appDb(), await currentLearner(), lessonOrThrow(params.lesson), params.cell, code));

/** Moves an own cell: below which lesson cell, and where among the own cells there. */
export const PATCH = route(moveOwnCell, async (place, { params }) => placeOwnCell(await appDb(), await currentLearner(), lessonOrThrow(params.lesson), params.cell, place));

/** Deletes an own cell and its saved run. */
export const DELETE = route(deleteOwnCell, async (_input, { params }) => deleteCell(await appDb(), await currentLearner(), lessonOrThrow(params.lesson), params.cell));

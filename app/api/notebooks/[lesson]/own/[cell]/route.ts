import { appDb } from "@/lib/db";
import { lessonOrThrow } from "@/lib/lessons/catalog";
import { MAX_CELL_CODE_BYTES } from "@/lib/lessons/own-cells";
import { currentLearner } from "@/lib/server/learner";
import { cellCodeBody, ownCellOrThrow, ownPlaceBody, placeOwnCell } from "@/lib/server/own-cells";
import { jsonBody, route } from "@/lib/server/route";

type Params = { lesson: string; cell: string };

/** Saves an own cell's code (the page's autosave). */
export const PUT = route<Params>(async (req, { params }) => {
  const p = await params;
  const lesson = lessonOrThrow(p.lesson);
  const { code } = await jsonBody(req, cellCodeBody, MAX_CELL_CODE_BYTES * 2);
  const learner = await currentLearner();
  ownCellOrThrow(appDb(), learner, lesson, p.cell);
  return appDb().saveOwnCode(learner, lesson.slug, p.cell, code);
});

/** Moves an own cell: below which lesson cell, and where among the own cells there. */
export const PATCH = route<Params>(async (req, { params }) => {
  const p = await params;
  const lesson = lessonOrThrow(p.lesson);
  const place = await jsonBody(req, ownPlaceBody, 1024);
  return placeOwnCell(appDb(), await currentLearner(), lesson, p.cell, place);
});

/** Deletes an own cell and its saved run. */
export const DELETE = route<Params>(async (req, { params }) => {
  const p = await params;
  const lesson = lessonOrThrow(p.lesson);
  const learner = await currentLearner();
  ownCellOrThrow(appDb(), learner, lesson, p.cell);
  appDb().deleteOwnCell(learner, lesson.slug, p.cell);
  return { deleted: p.cell };
});

import { appDb } from "@/lib/db";
import { cellOrThrow, lessonOrThrow } from "@/lib/lessons/catalog";
import { MAX_CELL_CODE_BYTES } from "@/lib/lessons/own-cells";
import { currentLearner } from "@/lib/server/learner";
import { cellCodeBody } from "@/lib/server/own-cells";
import { jsonBody, route } from "@/lib/server/route";

type Params = { lesson: string; cell: string };

export const PUT = route<Params>(async (req, { params }) => {
  const p = await params;
  const lesson = lessonOrThrow(p.lesson);
  const cell = cellOrThrow(lesson, p.cell);
  const { code } = await jsonBody(req, cellCodeBody, MAX_CELL_CODE_BYTES * 2);
  return appDb().saveCell(await currentLearner(), lesson.slug, cell.id, code);
});

/** Reset to the lesson's original code: drops the edit and its last run. */
export const DELETE = route<Params>(async (req, { params }) => {
  const p = await params;
  const lesson = lessonOrThrow(p.lesson);
  const cell = cellOrThrow(lesson, p.cell);
  appDb().resetCell(await currentLearner(), lesson.slug, cell.id);
  return { code: cell.code };
});

import { appDb } from "@/lib/db";
import { cellOrThrow, lessonOrThrow } from "@/lib/lessons/catalog";
import { resetCellCode, saveCellCode } from "@/lib/lessons/contract";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

export const PUT = route(saveCellCode, async ({ code }, { params }) => {
  const lesson = lessonOrThrow(params.lesson);
  const cell = cellOrThrow(lesson, params.cell);
  return appDb().saveCell(await currentLearner(), lesson.slug, cell.id, code);
});

/** Reset to the lesson's original code: drops the edit and its last run. */
export const DELETE = route(resetCellCode, async (_input, { params }) => {
  const lesson = lessonOrThrow(params.lesson);
  const cell = cellOrThrow(lesson, params.cell);
  appDb().resetCell(await currentLearner(), lesson.slug, cell.id);
  return { code: cell.code };
});

import { z } from "zod";
import { appDb } from "@/lib/db";
import { cellOrThrow, lessonOrThrow } from "@/lib/lessons/catalog";
import { currentLearner } from "@/lib/server/learner";
import { jsonBody, route } from "@/lib/server/route";

const MAX_CODE_BYTES = 256 * 1024;
const body = z.object({ code: z.string().max(MAX_CODE_BYTES) }).strict();

type Params = { lesson: string; cell: string };

export const PUT = route<Params>(async (req, { params }) => {
  const p = await params;
  const lesson = lessonOrThrow(p.lesson);
  const cell = cellOrThrow(lesson, p.cell);
  const { code } = await jsonBody(req, body, MAX_CODE_BYTES * 2);
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

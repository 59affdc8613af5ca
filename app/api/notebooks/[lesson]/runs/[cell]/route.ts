import { env } from "@/lib/config/env";
import { appDb } from "@/lib/db";
import { cellRun } from "@/lib/kernel/outputs";
import { cellOrThrow, lessonOrThrow } from "@/lib/lessons/catalog";
import { currentLearner } from "@/lib/server/learner";
import { jsonBody, route } from "@/lib/server/route";

export const PUT = route<{ lesson: string; cell: string }>(async (req, { params }) => {
  const p = await params;
  const lesson = lessonOrThrow(p.lesson);
  const cell = cellOrThrow(lesson, p.cell);
  // Outputs were capped in the worker; allow some room for several of them.
  const run = await jsonBody(req, cellRun, env().RAGCAMP_MAX_OUTPUT_BYTES * 4);
  return appDb().saveRun(await currentLearner(), lesson.slug, cell.id, run);
});

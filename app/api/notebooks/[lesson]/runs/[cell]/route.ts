import { env } from "@/lib/config/env";
import { appDb } from "@/lib/db";
import { cellRun } from "@/lib/kernel/outputs";
import { lessonOrThrow } from "@/lib/lessons/catalog";
import { currentLearner } from "@/lib/server/learner";
import { runnableCellOrThrow } from "@/lib/server/own-cells";
import { jsonBody, route } from "@/lib/server/route";

export const PUT = route<{ lesson: string; cell: string }>(async (req, { params }) => {
  const p = await params;
  const lesson = lessonOrThrow(p.lesson);
  const learner = await currentLearner();
  // A lesson cell's run, or one of the learner's own cells'.
  const cell = runnableCellOrThrow(appDb(), learner, lesson, p.cell);
  // Outputs were capped in the worker; allow some room for several of them.
  const run = await jsonBody(req, cellRun, env().RAGCAMP_MAX_OUTPUT_BYTES * 4);
  return appDb().saveRun(learner, lesson.slug, cell, run);
});

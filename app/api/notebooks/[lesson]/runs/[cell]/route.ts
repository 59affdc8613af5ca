import { env } from "@/lib/config/env";
import { appDb } from "@/lib/db";
import { lessonOrThrow } from "@/lib/lessons/catalog";
import { saveCellRun } from "@/lib/lessons/contract";
import { currentLearner } from "@/lib/server/learner";
import { runnableCellOrThrow } from "@/lib/server/own-cells";
import { route } from "@/lib/server/route";

// Outputs were capped in the worker; allow some room for several of them.
const maxBytes = () => env().RAGCAMP_MAX_OUTPUT_BYTES * 4;

export const PUT = route(saveCellRun, async (run, { params }) => {
  const lesson = lessonOrThrow(params.lesson);
  const learner = await currentLearner();
  // A lesson cell's run, or one of the learner's own cells'.
  const cell = runnableCellOrThrow(appDb(), learner, lesson, params.cell);
  return appDb().saveRun(learner, lesson.slug, cell, run);
}, { maxBytes });

import { appDb } from "@/lib/db";
import { lessonOrThrow } from "@/lib/lessons/catalog";
import { resetCellCode, saveCellCode } from "@/lib/lessons/contract";
import { currentLearner } from "@/lib/server/learner";
import { resetLessonCell, saveLessonCode } from "@/lib/server/notebook";
import { route } from "@/lib/server/route";

export const PUT = route(saveCellCode, async ({ code }, { params }) => saveLessonCode(await appDb(), await currentLearner(), lessonOrThrow(params.lesson), params.cell, code));

/** Reset to the lesson's original code: drops the edit and its last run. */
export const DELETE = route(resetCellCode, async (_input, { params }) => resetLessonCell(await appDb(), await currentLearner(), lessonOrThrow(params.lesson), params.cell));

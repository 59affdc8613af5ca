import { env } from "@/lib/config/env";
import { appDb } from "@/lib/db";
import { lessonOrThrow } from "@/lib/lessons/catalog";
import { saveCellRun } from "@/lib/lessons/contract";
import { currentLearner } from "@/lib/server/learner";
import { saveRun } from "@/lib/server/notebook";
import { route } from "@/lib/server/route";

// Outputs were capped in the worker; allow some room for several of them.
const maxBytes = () => env().RAGCAMP_MAX_OUTPUT_BYTES * 4;

/** A lesson cell's run, or one of the learner's own cells'. */
export const PUT = route(saveCellRun, async (run, { params }) => saveRun(await appDb(), await currentLearner(), lessonOrThrow(params.lesson), params.cell, run), { maxBytes });

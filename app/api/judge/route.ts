import { z } from "zod";
import { appDb } from "@/lib/db";
import { judgeModelFromConfig } from "@/lib/judge/model";
import { dbJudgeCache, judgeSpecSchema, runJudgeSpec } from "@/lib/judge/run-spec";
import { requireChatConfig } from "@/lib/llm/chat-model";
import { currentLearner } from "@/lib/server/learner";
import { jsonBody, route } from "@/lib/server/route";
import { services } from "@/lib/services";

/** Starts a judging job: every judge over every item, with repeats. */
export const POST = route(async (req) => {
  const spec = judgeSpecSchema.parse(await jsonBody(req, z.unknown(), 2_000_000));
  const model = judgeModelFromConfig(requireChatConfig());
  return services.jobs().start(await currentLearner(), "judge", { judges: spec.judges, items: spec.items.length, repeats: spec.repeats }, (ctx) =>
    runJudgeSpec(spec, model, dbJudgeCache(appDb()), ctx),
  );
});

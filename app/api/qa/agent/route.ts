import { z } from "zod";
import { requireChatModel } from "@/lib/llm/chat-model";
import { traceScope } from "@/lib/llm/trace";
import { runAgent } from "@/lib/qa";
import { forLearner } from "@/lib/graph/for-learner";
import { currentLearner } from "@/lib/server/learner";
import { jsonBody, route } from "@/lib/server/route";
import { qaDeps } from "@/lib/services";

export const POST = route(async (req) => {
  const { question } = await jsonBody(req, z.strictObject({ question: z.string().trim().min(1).max(2_000) }), 8_000);
  const model = requireChatModel();
  // A hung-up client aborts the model calls and frees their slots (Next aborts req.signal when the response closes early).
  const shared = await qaDeps();
  // The agent's graph tool runs Cypher written from the learner's question: theirs, for the per-learner limits.
  const deps = { ...shared, graph: forLearner(shared.graph, await currentLearner(), true), model, signal: req.signal };
  return traceScope({ source: "qa:agent" }, () => runAgent(deps, question));
});

import { requireChatModel } from "@/lib/llm/chat-model";
import { traceScope } from "@/lib/llm/trace";
import { runAgent } from "@/lib/qa";
import { qaAgent } from "@/lib/qa/contract";
import { forLearner } from "@/lib/graph/for-learner";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { qaDeps } from "@/lib/services";

export const POST = route(qaAgent, async ({ question }, { req }) => {
  const model = requireChatModel();
  // A hung-up client aborts the model calls and frees their slots (Next aborts req.signal when the response closes early).
  const shared = await qaDeps();
  // The agent's graph tool runs Cypher written from the learner's question: theirs, for the per-learner limits.
  const deps = { ...shared, graph: forLearner(shared.graph, await currentLearner(), true), model, signal: req.signal };
  return traceScope({ source: "qa:agent" }, () => runAgent(deps, question));
});

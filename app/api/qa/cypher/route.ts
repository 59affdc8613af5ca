import { requireChatModel } from "@/lib/llm/chat-model";
import { traceScope } from "@/lib/llm/trace";
import { cypherQa, runCypherAnswer } from "@/lib/qa";
import { qaCypher } from "@/lib/qa/contract";
import { forLearner } from "@/lib/graph/for-learner";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { services } from "@/lib/services";

export const POST = route(qaCypher, async ({ question, cypher }, { req }) => {
  const model = requireChatModel();
  // Edited or generated from the learner's question, the Cypher is theirs: one at a time, and a crash counts against them.
  const graph = forLearner(await services.graph(), await currentLearner(), true);
  // A hung-up client aborts the model calls and frees their slots (Next aborts req.signal when the response closes early).
  const opts = { signal: req.signal };
  return traceScope({ source: "qa:cypher" }, () => (cypher ? runCypherAnswer(graph, model, question, cypher, opts) : cypherQa(graph, model, question, opts)));
});

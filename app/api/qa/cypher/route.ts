import { z } from "zod";
import { requireChatModel } from "@/lib/llm/chat-model";
import { traceScope } from "@/lib/llm/trace";
import { cypherQa, runCypherAnswer } from "@/lib/qa";
import { forLearner } from "@/lib/graph/for-learner";
import { currentLearner } from "@/lib/server/learner";
import { jsonBody, route } from "@/lib/server/route";
import { services } from "@/lib/services";

const body = z.strictObject({
  question: z.string().trim().min(1).max(2_000),
  /** The learner's edit of the generated Cypher: run it (read-only) and answer from its rows. */
  cypher: z.string().max(20_000).optional(),
});

export const POST = route(async (req) => {
  const { question, cypher } = await jsonBody(req, body, 32_000);
  const model = requireChatModel();
  // Edited or generated from the learner's question, the Cypher is theirs: one at a time, and a crash counts against them.
  const graph = forLearner(await services.graph(), await currentLearner(), true);
  // A hung-up client aborts the model calls and frees their slots (Next aborts req.signal when the response closes early).
  const opts = { signal: req.signal };
  return traceScope({ source: "qa:cypher" }, () => (cypher ? runCypherAnswer(graph, model, question, cypher, opts) : cypherQa(graph, model, question, opts)));
});

import { requireChatModel } from "@/lib/llm/chat-model";
import { traceScope } from "@/lib/llm/trace";
import { vectorQa } from "@/lib/qa";
import { qaVector } from "@/lib/qa/contract";
import { route } from "@/lib/server/route";
import { qaDeps } from "@/lib/services";

export const POST = route(qaVector, async ({ question, k }, { req }) => {
  const model = requireChatModel();
  // A hung-up client aborts the model calls and frees their slots (Next aborts req.signal when the response closes early).
  const deps = { ...(await qaDeps()), model, signal: req.signal };
  return traceScope({ source: "qa:vector" }, () => vectorQa(deps, question, { k }));
});

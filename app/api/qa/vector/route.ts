import { z } from "zod";
import { requireChatModel } from "@/lib/llm/chat-model";
import { traceScope } from "@/lib/llm/trace";
import { vectorQa } from "@/lib/qa";
import { jsonBody, route } from "@/lib/server/route";
import { qaDeps } from "@/lib/services";

const body = z.strictObject({ question: z.string().trim().min(1).max(2_000), k: z.int().min(1).max(20).default(4) });

export const POST = route(async (req) => {
  const { question, k } = await jsonBody(req, body, 8_000);
  const model = requireChatModel();
  // A hung-up client aborts the model calls and frees their slots (Next aborts req.signal when the response closes early).
  const deps = { ...(await qaDeps()), model, signal: req.signal };
  return traceScope({ source: "qa:vector" }, () => vectorQa(deps, question, { k }));
});

import { createTextStreamResponse } from "ai";
import { z } from "zod";
import { requireChatModel } from "@/lib/llm/chat-model";
import { classifyLlmError } from "@/lib/llm/errors";
import { streamChat } from "@/lib/llm/stream";
import { traceScope } from "@/lib/llm/trace";
import { jsonBody, route } from "@/lib/server/route";

const body = z.strictObject({
  messages: z
    .array(z.strictObject({ role: z.enum(["system", "user", "assistant"]), content: z.string().max(100_000) }))
    .min(1)
    .max(50),
  /** How the trace log labels this call (e.g. "rag"), and the passages its prompt was built from. */
  source: z.string().min(1).max(40).optional(),
  // As many passages as a search returns (k ≤ 100).
  context: z.array(z.string().max(20_000)).max(100).optional(),
});

/**
 * Streams a chat reply token by token with the AI SDK's text stream protocol.
 * The key stays here; the browser only ever sees the reply. A failure after
 * streaming began is appended as a marked line, since the status was sent.
 */
export const POST = route(async (req) => {
  // Room for the prompt plus the passages it quotes, sent again for the trace.
  const { messages, source, context } = await jsonBody(req, body, 800_000);
  const model = requireChatModel();
  const stream = new ReadableStream<string>({
    async start(controller) {
      try {
        await traceScope({ source: source ?? "chat", context }, () =>
          streamChat(model, messages.map((m) => [m.role, m.content] as [string, string]), {
            signal: req.signal,
            onToken: (t) => controller.enqueue(t),
          }),
        );
      } catch (e) {
        const failure = classifyLlmError(e);
        controller.enqueue(`\n[ragcamp: the model call failed (${failure?.kind ?? "error"}): ${failure?.message ?? "see the server log"}]`);
        if (!failure) console.error(e);
      } finally {
        controller.close();
      }
    },
  });
  return createTextStreamResponse({ stream, headers: { "cache-control": "no-store" } });
});

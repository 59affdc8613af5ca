import { createTextStreamResponse } from "ai";
import { z } from "zod";
import { requireChatModel } from "@/lib/llm/chat-model";
import { classifyLlmError } from "@/lib/llm/errors";
import { streamChat } from "@/lib/llm/stream";
import { jsonBody, route } from "@/lib/server/route";

const body = z.strictObject({
  messages: z
    .array(z.strictObject({ role: z.enum(["system", "user", "assistant"]), content: z.string().max(100_000) }))
    .min(1)
    .max(50),
});

/**
 * Streams a chat reply token by token with the AI SDK's text stream protocol.
 * The key stays here; the browser only ever sees the reply. A failure after
 * streaming began is appended as a marked line, since the status was sent.
 */
export const POST = route(async (req) => {
  const { messages } = await jsonBody(req, body, 400_000);
  const model = requireChatModel();
  const stream = new ReadableStream<string>({
    async start(controller) {
      try {
        await streamChat(model, messages.map((m) => [m.role, m.content] as [string, string]), {
          signal: req.signal,
          onToken: (t) => controller.enqueue(t),
        });
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

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
 * Streams a chat reply as plain text, token by token. The key stays here;
 * the browser only ever sees the reply. A failure after streaming began is
 * appended as a marked line, since the status code was already sent.
 */
export const POST = route(async (req) => {
  const { messages } = await jsonBody(req, body, 400_000);
  const model = requireChatModel();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        await streamChat(model, messages.map((m) => [m.role, m.content] as [string, string]), {
          signal: req.signal,
          onToken: (t) => controller.enqueue(encoder.encode(t)),
        });
      } catch (e) {
        const failure = classifyLlmError(e);
        controller.enqueue(encoder.encode(`\n[ragcamp: the model call failed (${failure?.kind ?? "error"}): ${failure?.message ?? "see the server log"}]`));
        if (!failure) console.error(e);
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
});

import { createUIMessageStreamResponse, type UIMessageChunk } from "ai";
import { isLabError } from "@/lib/errors";
import { logSafe, redactForLearner } from "@/lib/errors/redact";
import { callChat } from "@/lib/llm/call";
import { chatModelId, requireChatConfig, requireChatModel } from "@/lib/llm/chat-model";
import { chatModel, chatStream } from "@/lib/llm/contract";
import { traceScope } from "@/lib/llm/trace";
import { route } from "@/lib/server/route";

/** Which model would answer: 503 not_configured (with how to set one up) when there is none. */
export const GET = route(chatModel, async () => ({ model: chatModelId(requireChatConfig()) }));

const TEXT_ID = "reply";

/**
 * Streams a chat reply with the AI SDK's UI message stream protocol. The
 * response waits for the first token, so a call that fails before it is an
 * ordinary error response with its class and status; one that fails
 * part-way ends with an error part whose text starts with the class
 * ("rate_limited: ..."), never with text appended to the answer. Next
 * aborts `req.signal` when the client hangs up (it ties the signal to the
 * response closing, so this holds after the body was read); the stream's
 * cancel() aborts too, for clients that stop reading.
 */
export const POST = route(chatStream, async ({ messages, source, context }, { req }) => {
  const model = requireChatModel();
  const stopped = new AbortController();
  const signal = AbortSignal.any([req.signal, stopped.signal]);
  let send!: (chunk: UIMessageChunk) => void;
  let end!: () => void;
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      send = (chunk) => controller.enqueue(chunk);
      end = () => controller.close();
    },
    cancel: () => stopped.abort(),
  });

  let started = false;
  const begin = () => {
    if (started) return;
    started = true;
    send({ type: "start" });
    send({ type: "text-start", id: TEXT_ID });
  };
  let firstToken!: () => void;
  const streaming = new Promise<void>((resolve) => (firstToken = resolve));
  const call = traceScope({ source: source ?? "chat", context }, () =>
    callChat(model, messages.map((m) => [m.role, m.content] as [string, string]), {
      signal,
      onToken: (delta) => {
        begin();
        send({ type: "text-delta", id: TEXT_ID, delta });
        firstToken();
      },
    }),
  );
  call.then(
    () => {
      begin();
      send({ type: "text-end", id: TEXT_ID });
      send({ type: "finish" });
      end();
    },
    (error: unknown) => {
      // Before the first token the error is the response itself (below); a hang-up has no one to tell.
      if (!started || signal.aborted) return end();
      send({ type: "error", errorText: errorText(error) });
      end();
    },
  );
  await Promise.race([streaming, call]);
  return createUIMessageStreamResponse({ stream, headers: { "cache-control": "no-store" } });
});

/** The class, then the message the learner sees: `rate_limited: The model server ...`. */
function errorText(error: unknown): string {
  if (isLabError(error)) return `${error.code}: ${redactForLearner(error.message, "POST /api/llm/chat")}`;
  console.error(logSafe(error));
  return "internal: The model call failed; see the server log.";
}

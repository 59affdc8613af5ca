import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A scripted, local stand-in for an OpenAI-compatible chat-completions
 * server, for tests only: no real model answers here. Each POST to
 * /v1/chat/completions takes the next reply from the script; with
 * `embeddings`, /v1/embeddings answers every input with a small vector.
 * Every request is recorded so tests can assert what the client sent.
 */
export type ScriptedReply =
  /**
   * A completion, as JSON or as SSE chunks depending on the request's `stream` flag.
   * `finishReason: "length"` is a reply cut off at the token limit.
   */
  | { content: string; delayMs?: number; finishReason?: "stop" | "length" }
  /** Streams the first `tokens` pieces of `content`, then drops the connection: a stream that fails part-way. */
  | { content: string; failAfterTokens: number }
  /** Never answers; the request ends only when the client hangs up (its close time is recorded). */
  | { hang: true }
  /** An assistant turn that calls one tool (non-streamed), as native tool calling does. */
  | { toolCall: { name: string; args: Record<string, unknown> } }
  /** Waits before answering (to trigger client timeouts), then sends a short completion. */
  | { delayMs: number }
  /** An error status; 429 replies carry Retry-After when `retryAfterS` is given. */
  | { status: number; retryAfterS?: number; message?: string }
  /** Cuts the body off mid-JSON. */
  | { truncated: true }
  /** 401 quoting the request's API key in the body and in a header, as some proxies do: for redaction tests. */
  | { echoKey: true };

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: ChatCompletionRequest | undefined;
  /** performance.now() when the request arrived and when its connection closed (undefined while open). */
  startedAt: number;
  closedAt?: number;
}

export interface ChatCompletionRequest {
  model: string;
  messages: { role: string; content: unknown }[];
  temperature?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: { type: string; function: { name: string } }[];
}

export interface OpenAITestServer {
  /** Base URL including `/v1`, as OpenAI clients expect. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** The most chat-completions requests this server was answering at one time. */
  readonly maxInFlight: number;
  /** Appends replies to the script. */
  enqueue(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

const DELAYED_CONTENT = "This reply arrived late.";

export async function startOpenAITestServer(
  script: ScriptedReply[] = [],
  options: {
    models?: string[];
    /** Answers when the script has run out, from the request (e.g. by what the prompt asks for). */
    respond?: (request: ChatCompletionRequest) => ScriptedReply;
    /** Serves /v1/embeddings too; without it the server is chat-only (404), as many local servers are. */
    embeddings?: boolean;
  } = {},
): Promise<OpenAITestServer> {
  const queue = [...script];
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const models = options.models ?? ["test-model"];

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const body = parseRequest(raw);
    const path = new URL(req.url ?? "/", "http://test").pathname;
    const recorded: RecordedRequest = { method: req.method ?? "GET", path, authorization: req.headers.authorization, body, startedAt: performance.now() };
    requests.push(recorded);
    res.once("close", () => (recorded.closedAt = performance.now()));

    if (req.method === "GET" && path === "/v1/models") {
      return sendJson(res, 200, {
        object: "list",
        data: models.map((id) => ({ id, object: "model", created: 0, owned_by: "ragcamp-test-server" })),
      });
    }
    if (options.embeddings && req.method === "POST" && path === "/v1/embeddings") return sendJson(res, 200, embeddings(raw));
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      return sendError(res, 404, `The test server does not serve ${req.method} ${path}.`);
    }
    if (!body) return sendError(res, 400, "The request body is not chat-completions JSON.");
    const reply = queue.shift() ?? options.respond?.(body);
    if (!reply) return sendError(res, 500, "The test server's script has no replies left.");
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await answer(reply, body, res, req.headers.authorization ?? "");
    } finally {
      inFlight--;
    }
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    enqueue: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(reply: ScriptedReply, body: ChatCompletionRequest, res: ServerResponse, authorization: string): Promise<void> {
  if ("echoKey" in reply) {
    const key = authorization.replace(/^Bearer\s+/i, "");
    res.setHeader("x-upstream-auth", authorization);
    return sendError(res, 401, `Incorrect API key provided: ${key}. Request had Authorization: ${authorization}; key starts ${key.slice(0, 10)}…`);
  }
  if ("status" in reply) {
    if (reply.retryAfterS !== undefined) res.setHeader("retry-after", String(reply.retryAfterS));
    return sendError(res, reply.status, reply.message ?? `Scripted error ${reply.status}.`);
  }
  if ("hang" in reply) {
    await wait(2 ** 31 - 1, res);
    return;
  }
  if ("toolCall" in reply) {
    const call = { id: "call_1", type: "function", function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.args) } };
    const message = { role: "assistant", content: null, tool_calls: [call] };
    return sendJson(res, 200, { ...completion(body, ""), choices: [{ index: 0, message, finish_reason: "tool_calls" }] });
  }
  if ("failAfterTokens" in reply) {
    streamCompletion(res, body, reply.content, { failAfterTokens: reply.failAfterTokens });
    return;
  }
  if ("truncated" in reply) {
    const whole = JSON.stringify(completion(body, "This reply is cut off."));
    res.writeHead(200, { "content-type": body.stream ? "text/event-stream" : "application/json" });
    res.end(body.stream ? `data: ${whole.slice(0, whole.length / 2)}` : whole.slice(0, whole.length / 2));
    return;
  }
  if (reply.delayMs && !(await wait(reply.delayMs, res))) return;
  const content = "content" in reply ? reply.content : DELAYED_CONTENT;
  const finishReason = ("finishReason" in reply && reply.finishReason) || "stop";
  if (body.stream) return streamCompletion(res, body, content, { finishReason });
  sendJson(res, 200, completion(body, content, finishReason));
}

/** Word-sized pieces, whitespace kept, so streamed tokens join back to the content. */
function tokenPieces(content: string): string[] {
  return content.match(/\s*\S+\s*/g) ?? [content];
}

function usage(body: ChatCompletionRequest, content: string) {
  const prompt_tokens = body.messages
    .map((m) => (typeof m.content === "string" ? tokenPieces(m.content).length : 0))
    .reduce((a, b) => a + b, 0);
  const completion_tokens = tokenPieces(content).length;
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

function completion(body: ChatCompletionRequest, content: string, finishReason = "stop") {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 0,
    model: body.model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: finishReason }],
    usage: usage(body, content),
  };
}

function streamCompletion(
  res: ServerResponse,
  body: ChatCompletionRequest,
  content: string,
  options: { finishReason?: string; failAfterTokens?: number } = {},
): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const chunk = (choices: unknown[], extra: object = {}) =>
    `data: ${JSON.stringify({ id: "chatcmpl-test", object: "chat.completion.chunk", created: 0, model: body.model, choices, ...extra })}\n\n`;
  res.write(chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]));
  for (const [i, piece] of tokenPieces(content).entries()) {
    if (i === options.failAfterTokens) {
      // A moment first, so the client has read the tokens before the connection drops.
      setTimeout(() => res.destroy(), 50);
      return;
    }
    res.write(chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]));
  }
  res.write(chunk([{ index: 0, delta: {}, finish_reason: options.finishReason ?? "stop" }]));
  if (body.stream_options?.include_usage) res.write(chunk([], { usage: usage(body, content) }));
  res.end("data: [DONE]\n\n");
}

/** Resolves false when the client hung up first (e.g. it timed out). */
function wait(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    res.once("close", () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** One vector per input, [its length, 1], and usage counted as chat usage is. */
function embeddings(raw: string) {
  const { input, model } = JSON.parse(raw) as { input: string | string[]; model: string };
  const inputs = typeof input === "string" ? [input] : input;
  const tokens = inputs.reduce((sum, text) => sum + tokenPieces(text).length, 0);
  return {
    object: "list",
    model,
    data: inputs.map((text, index) => ({ object: "embedding", index, embedding: [text.length, 1] })),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

/** Undefined for an empty or non-JSON body, which is answered with 400. */
function parseRequest(raw: string): ChatCompletionRequest | undefined {
  try {
    return raw ? (JSON.parse(raw) as ChatCompletionRequest) : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  let raw = "";
  for await (const chunk of req) raw += String(chunk);
  return raw;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: { message, type: status === 429 ? "rate_limit_error" : "server_error", code: null } });
}

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { callChat } from "./call";
import { createChatModel } from "./chat-model";
import { classifyLlmError, retryAfterFromHeaders, type LlmFailure } from "./errors";
import { startOpenAITestServer, type OpenAITestServer } from "@/lib/testing/openai-test-server";

const SECRET = "sk-test-secret-0123456789";

async function failureOf(promise: Promise<unknown>): Promise<LlmFailure | undefined> {
  try {
    await promise;
  } catch (error) {
    return classifyLlmError(error);
  }
  throw new Error("expected the call to fail");
}

describe("classifying failed chat calls from the local test server", () => {
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAITestServer();
  });
  afterAll(() => server.close());
  const model = (timeoutMs?: number) => createChatModel({ baseUrl: server.baseUrl, apiKey: SECRET, model: "m", timeoutMs });

  it("classifies a 500 as a retryable server error", async () => {
    server.enqueue({ status: 500, message: "CUDA out of memory" });
    expect(await failureOf(model().invoke("hi"))).toEqual({
      kind: "server_error",
      status: 500,
      retryable: true,
      message: "The model server failed (HTTP 500): CUDA out of memory.",
    });
  });

  it("classifies a 429 as rate limited and keeps its Retry-After", async () => {
    server.enqueue({ status: 429, retryAfterS: 7 });
    expect(await failureOf(model().invoke("hi"))).toMatchObject({ kind: "rate_limited", retryable: true, retryAfterMs: 7_000 });
  });

  it("classifies a slow server as a timeout naming the setting", async () => {
    server.enqueue({ delayMs: 2_000 });
    expect(await failureOf(callChat(model(100), "hi", { retry: { retries: 0 } }))).toMatchObject({
      kind: "timeout",
      retryable: true,
      message: expect.stringContaining("RAGCAMP_LLM_TIMEOUT_MS"),
    });
  });

  it("classifies a reply cut off mid-JSON as unparseable", async () => {
    server.enqueue({ truncated: true });
    expect(await failureOf(model().invoke("hi"))).toMatchObject({ kind: "unparseable" });
  });

  it("classifies a stream cut off mid-JSON as unparseable", async () => {
    // The OpenAI client logs the broken chunk before throwing.
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    server.enqueue({ truncated: true });
    const drain = async () => {
      for await (const chunk of await model().stream("hi")) void chunk;
    };
    expect(await failureOf(drain())).toMatchObject({ kind: "unparseable" });
    quiet.mockRestore();
  });

  it("classifies a rejected key as refused, without echoing the key", async () => {
    server.enqueue({ status: 401, message: `Incorrect API key provided: ${SECRET}` });
    const failure = await failureOf(model().invoke("hi"));
    expect(failure).toMatchObject({ kind: "refused", retryable: false, status: 401 });
    expect(failure?.message).toMatch(/OPENAI_API_KEY/);
    expect(failure?.message).not.toContain(SECRET);
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${SECRET}`);
  });

  it("never echoes the Authorization header a server quotes back", async () => {
    server.enqueue({ status: 503, message: `upstream saw header Bearer ${SECRET}` });
    const failure = await failureOf(model().invoke("hi"));
    expect(failure?.kind).toBe("server_error");
    expect(JSON.stringify(failure)).not.toContain(SECRET);
  });

  it("classifies an unknown model as refused and a bad request as invalid", async () => {
    server.enqueue({ status: 404, message: "model 'nope' not found" }, { status: 400, message: "context too long" });
    expect(await failureOf(model().invoke("hi"))).toMatchObject({ kind: "refused", status: 404 });
    expect(await failureOf(model().invoke("hi"))).toMatchObject({ kind: "invalid", status: 400, retryable: false });
  });
});

describe("classifying connection failures", () => {
  it("classifies a closed port as refused, pointing at the server", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const model = createChatModel({ baseUrl: `http://127.0.0.1:${port}/v1`, model: "m" });
    const failure = await failureOf(model.invoke("hi"));
    expect(failure).toMatchObject({ kind: "refused", retryable: false });
    expect(failure?.message).toMatch(/running/);
  });

  it("leaves errors that are not model-call failures unclassified", () => {
    expect(classifyLlmError(new TypeError("x is undefined"))).toBeUndefined();
    expect(classifyLlmError("nope")).toBeUndefined();
  });
});

describe("Retry-After", () => {
  it("reads seconds, milliseconds and HTTP dates", () => {
    expect(retryAfterFromHeaders(new Headers({ "retry-after": "3" }))).toBe(3_000);
    expect(retryAfterFromHeaders(new Headers({ "retry-after-ms": "250", "retry-after": "3" }))).toBe(250);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterFromHeaders({ "retry-after": "Wed, 01 Jan 2025 00:00:10 GMT" }, now)).toBe(10_000);
    expect(retryAfterFromHeaders(new Headers())).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers({ "retry-after": "soon" }))).toBeUndefined();
  });
});

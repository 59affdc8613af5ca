import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatModel } from "./chat-model";
import { LlmCallError, type LlmFailure } from "./errors";
import { retryDelayMs, withRetry } from "./retry";
import { startOpenAITestServer, type OpenAITestServer } from "@/lib/testing/openai-test-server";

const serverError: LlmFailure = { kind: "server_error", retryable: true, message: "failed", status: 500 };

describe("withRetry against the local test server", () => {
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAITestServer();
  });
  afterAll(() => server.close());
  const model = () => createChatModel({ baseUrl: server.baseUrl, model: "m" });

  it("waits as long as a 429's Retry-After asks, then succeeds", async () => {
    server.enqueue({ status: 429, retryAfterS: 1 }, { content: "finally" });
    const delays: number[] = [];
    const started = Date.now();

    const reply = await withRetry(() => model().invoke("hi"), { onRetry: (e) => delays.push(e.delayMs) });

    expect(reply.text).toBe("finally");
    expect(delays).toEqual([1_000]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("retries 5xx with back-off and gives up after the allowed retries", async () => {
    server.enqueue({ status: 500 }, { status: 502 }, { status: 503 });
    const error = await withRetry(() => model().invoke("hi"), { retries: 2, baseDelayMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmCallError);
    expect(error).toMatchObject({ attempts: 3, failure: { kind: "server_error", status: 503 } });
  });

  it("does not retry failures that cannot pass on their own", async () => {
    server.enqueue({ status: 401 });
    const before = server.requests.length;
    const error = await withRetry(() => model().invoke("hi"), { baseDelayMs: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ attempts: 1, failure: { kind: "refused" } });
    expect(server.requests.length - before).toBe(1);
  });

  it("fails at once when Retry-After is longer than it is willing to wait", async () => {
    server.enqueue({ status: 429, retryAfterS: 120 });
    const error = await withRetry(() => model().invoke("hi")).catch((e: unknown) => e);
    expect(error).toMatchObject({ attempts: 1, failure: { kind: "rate_limited", retryAfterMs: 120_000 } });
  });
});

describe("withRetry", () => {
  it("rethrows unclassified errors untouched", async () => {
    const bug = new TypeError("bug");
    await expect(withRetry(() => Promise.reject(bug))).rejects.toBe(bug);
  });

  it("stops waiting when the caller aborts", async () => {
    const controller = new AbortController();
    const failing = () => Promise.reject(Object.assign(new Error("503"), { status: 503 }));
    setTimeout(() => controller.abort(new Error("cancelled by learner")), 20);
    await expect(withRetry(failing, { baseDelayMs: 10_000, signal: controller.signal })).rejects.toThrow(
      "cancelled by learner",
    );
  });

  it("backs off exponentially with jitter, capped, and honours Retry-After exactly", () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(retryDelayMs(0, serverError, { ...options, random: () => 0 })).toBe(50);
    expect(retryDelayMs(0, serverError, { ...options, random: () => 1 })).toBe(100);
    expect(retryDelayMs(3, serverError, { ...options, random: () => 0.5 })).toBe(600);
    expect(retryDelayMs(10, serverError, { ...options, random: () => 1 })).toBe(1_000);
    expect(retryDelayMs(5, { ...serverError, kind: "rate_limited", retryAfterMs: 2_000 }, options)).toBe(2_000);
  });
});

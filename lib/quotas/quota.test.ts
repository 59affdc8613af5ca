import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { z } from "zod";
import { countTokens } from "@/lib/chunking/tokens";
import type { AppDb } from "@/lib/db/app-db";
import { openAppDb } from "@/lib/db/open";
import { createOpenAIEmbeddings } from "@/lib/embeddings/openai";
import { createAsk } from "@/lib/judge/ask";
import { MemoryJudgeCache } from "@/lib/judge/cache";
import { callChat } from "@/lib/llm/call";
import { chatConfigFromEnv, createChatModel } from "@/lib/llm/chat-model";
import { openFakeJobs, startWork } from "@/lib/testing/fake-jobs";
import { freshDatabase } from "@/lib/testing/postgres";
import { startOpenAITestServer, type OpenAITestServer } from "@/lib/testing/openai-test-server";
import { withLearnerBudget } from "./scope";

let db: AppDb;
vi.mock("@/lib/db", async (original) => ({ ...(await original<typeof import("@/lib/db")>()), appDb: async () => db }));
// Read once, at the first model call of this file.
vi.stubEnv("RAGCAMP_LEARNER_TOKEN_BUDGET", "1000000");

const MAX_TOKENS = 100;
/** "hi" is 1 token and each message adds 4, so a call reserves 105 tokens. */
const RESERVED = 1 + 4 + MAX_TOKENS;

let server: OpenAITestServer;
let replyDelayMs = 30;
beforeAll(async () => {
  server = await startOpenAITestServer([], { respond: () => ({ content: "ok", delayMs: replyDelayMs }), embeddings: true });
});
afterAll(() => server.close());

const chatRequests = () => server.requests.filter((r) => r.path === "/v1/chat/completions").length;
const model = () => createChatModel(chatConfigFromEnv({ RAGCAMP_CHAT_MODEL: "test-model", OPENAI_BASE_URL: server.baseUrl, RAGCAMP_LLM_CONCURRENCY: 32, RAGCAMP_LLM_MAX_TOKENS: MAX_TOKENS })!);
const asAna = <T>(fn: () => Promise<T>) => withLearnerBudget({ learner: "ana" }, fn);
const noRetry = { retries: 0 };

const dirs: string[] = [];
const engines: [string, () => Promise<AppDb>][] = [
  ["SQLite", async () => openAppDb({ dataDir: dirs[dirs.push(fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-quota-"))) - 1] })],
  ["PostgreSQL", async () => openAppDb({ dataDir: os.tmpdir(), url: await freshDatabase(inject("postgresUrl"), "quota") })],
];

describe.each(engines)("LLM quotas on %s", (_name, open) => {
  beforeEach(async () => {
    db = await open();
    server.requests.length = 0;
    replyDelayMs = 30;
  });
  afterEach(async () => {
    vi.useRealTimers();
    await db.close();
  });
  afterAll(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("lets at most 3 of 50 concurrent calls reach the model server when the budget fits 3, and settles within it", async () => {
    const budget = 3 * RESERVED + 50;
    await db.quotas.setBudget("ana", budget);
    // Slow replies: all 50 ask for their reservation while the first ones are still out, as a burst of cells would.
    replyDelayMs = 1_500;
    const chat = model();
    const results = await asAna(() => Promise.allSettled(Array.from({ length: 50 }, () => callChat(chat, "hi", { retry: noRetry }))));

    expect(chatRequests()).toBe(3);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(chatRequests());
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: "too_many_requests", status: 429, message: expect.stringContaining(`You have used your ${budget}-token budget for this cohort; ask your instructor to raise it.`) });
    const usage = await db.quotas.get("ana", null);
    expect(usage.reserved).toBe(0);
    // The test server counts 1 prompt and 1 reply token per call.
    expect(usage.used).toBe(2 * chatRequests());
    expect(usage.used).toBeLessThanOrEqual(budget);
  });

  it("charges the server's usage, so the unused part of a reservation is free again", async () => {
    await db.quotas.setBudget("ana", RESERVED);
    const chat = model();
    await asAna(() => callChat(chat, "hi", { retry: noRetry }));
    await expect(asAna(() => callChat(chat, "hi", { retry: noRetry }))).rejects.toMatchObject({ code: "too_many_requests" });
    await db.quotas.setBudget("ana", RESERVED + 2);
    await asAna(() => callChat(chat, "hi", { retry: noRetry }));
    expect(chatRequests()).toBe(2);
    expect(await db.quotas.get("ana", null)).toEqual({ used: 4, reserved: 0, budget: RESERVED + 2 });
  });

  it("charges a stream that breaks off part-way its prompt and the text that came through", async () => {
    await db.quotas.setBudget("ana", 10_000);
    server.enqueue({ content: "one two three four five", failAfterTokens: 3 });
    let shown = "";
    const call = asAna(() => callChat(model(), "hi", { retry: noRetry, onToken: (t) => (shown += t) }));
    await expect(call).rejects.toMatchObject({ code: "network" });
    expect(shown).toBe("one two three ");
    expect(await db.quotas.get("ana", null)).toMatchObject({ used: RESERVED - MAX_TOKENS + countTokens(shown), reserved: 0 });
  });

  it("fails a job the request started once its model calls pass the budget, with the quota's message", async () => {
    await db.quotas.setBudget("ana", RESERVED);
    const jobs = await openFakeJobs(db);
    const chat = model();
    // Queued as data: the job carries Ana's budget scope, not the request's async context.
    const job = await asAna(() => startWork(jobs, "ana", async () => [await callChat(chat, "hi", { retry: noRetry }), await callChat(chat, "hi", { retry: noRetry })]));
    expect(await jobs.wait("ana", job.id, 20)).toMatchObject({ status: "failed", errorCode: "too_many_requests", error: expect.stringContaining(`You have used your ${RESERVED}-token budget`) });
    expect(chatRequests()).toBe(1);
  });

  it("counts tokens sent to an OpenAI-compatible embeddings server, and refuses them past the budget", async () => {
    await db.quotas.setBudget("ana", 10);
    const embedder = createOpenAIEmbeddings({ provider: "openai", model: "test-embed", baseUrl: server.baseUrl });
    expect(await asAna(() => embedder.embedDocuments(["one two three", "four five"]))).toEqual([[13, 1], [9, 1]]);
    expect(await db.quotas.get("ana", null)).toMatchObject({ used: 5, reserved: 0 });
    await expect(asAna(() => embedder.embedQuery("six seven eight nine ten eleven"))).rejects.toMatchObject({ code: "too_many_requests" });
    expect(server.requests.filter((r) => r.path === "/v1/embeddings")).toHaveLength(1);
  });

  it("answers a cached judge reply even with no budget left: it costs nothing", async () => {
    await db.quotas.setBudget("ana", 1);
    const cache = new MemoryJudgeCache();
    const request = { prompt: "Is the sky blue?", format: "Answer as JSON.", schema: z.object({ yes: z.boolean() }) };
    const ask = (chat = model()) => createAsk({ model: { chat, id: "test-model" }, repeat: 0, cache, formatRetries: 0, retry: noRetry }, { calls: 0, inputTokens: 0, outputTokens: 0 });
    await expect(asAna(() => ask()(request))).rejects.toMatchObject({ code: "too_many_requests" });
    await db.quotas.setBudget("ana", 10_000);
    server.enqueue({ content: '{"yes": true}' });
    expect(await asAna(() => ask()(request))).toEqual({ yes: true });
    await db.quotas.setBudget("ana", 1);
    const before = await db.quotas.get("ana", null);
    expect(await asAna(() => ask()(request))).toEqual({ yes: true });
    expect(await db.quotas.get("ana", null)).toEqual(before);
    expect(chatRequests()).toBe(1);
  });

  it("frees the budget a call never settled once its reservation is 10 minutes old", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    await db.quotas.setBudget("ana", RESERVED);
    // A call that reserved and then vanished (its process died) before settling.
    await db.quotas.reserve("ana", { id: "lost", tokens: RESERVED, defaultBudget: null, perMinute: null });
    await expect(asAna(() => callChat(model(), "hi", { retry: noRetry }))).rejects.toMatchObject({ code: "too_many_requests" });
    vi.setSystemTime(Date.now() + 10 * 60_000 + 1_000);
    expect((await asAna(() => callChat(model(), "hi", { retry: noRetry }))).text).toBe("ok");
  });

  it("puts no quota on calls outside a learner's scope (the instructor, local mode, the CLI)", async () => {
    await db.quotas.setBudget("ana", 1);
    const chat = model();
    await Promise.all(Array.from({ length: 5 }, () => callChat(chat, "hi", { retry: noRetry })));
    expect(chatRequests()).toBe(5);
    expect(await db.quotas.get("ana", null)).toMatchObject({ used: 0, reserved: 0 });
  });
});

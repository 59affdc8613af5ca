import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { AppDb } from "@/lib/db/app-db";
import { callChat } from "@/lib/llm/call";
import { createChatModel } from "@/lib/llm/chat-model";
import { startOpenAITestServer, type OpenAITestServer } from "@/lib/testing/openai-test-server";
import { tempAppDb } from "@/lib/testing/temp-app-db";
import { withLearnerBudget } from "./scope";

let db: AppDb;
vi.mock("@/lib/db", async (original) => ({ ...(await original<typeof import("@/lib/db")>()), appDb: async () => db }));
vi.stubEnv("RAGCAMP_LEARNER_TOKEN_BUDGET", "");
vi.stubEnv("RAGCAMP_LEARNER_REQUESTS_PER_MINUTE", "2");

let server: OpenAITestServer;
beforeAll(async () => {
  db = await tempAppDb("quota-rate");
  server = await startOpenAITestServer([], { respond: () => ({ content: "ok" }) });
});
afterAll(async () => {
  await server.close();
  await db.close();
});

it("refuses a learner's request past the per-minute limit with a 429 that says when to try again, before it reaches the server", async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  const chat = createChatModel({ model: "test-model", baseUrl: server.baseUrl });
  const ask = (learner: string) => withLearnerBudget({ learner }, () => callChat(chat, "hi", { retry: { retries: 0 } }));
  await ask("ana");
  await ask("ana");
  vi.setSystemTime(Date.now() + 15_000);
  const refused = await ask("ana").catch((e: unknown) => e);
  expect(refused).toMatchObject({ code: "too_many_requests", status: 429, retryAfterS: 45, message: "You have sent 2 model requests in the last minute, the most allowed; try again in 45 s." });
  expect(server.requests).toHaveLength(2);
  // Another learner has their own minute, and a learner with no budget set has no token limit.
  expect((await ask("bo")).text).toBe("ok");
  vi.setSystemTime(Date.now() + 46_000);
  expect((await ask("ana")).text).toBe("ok");
});

import { afterAll, describe, expect, it, vi } from "vitest";
import type { CellOutput } from "@/lib/kernel/outputs";
import type { LabContext } from "@/lib/sdk/lab";

/**
 * POST /api/llm/chat and the notebook SDK's reader of its stream, against the
 * local chat-completions test server (no model answers here), with one model
 * slot (RAGCAMP_LLM_CONCURRENCY=1) and a 1 s silence limit.
 */
const { llm } = await vi.hoisted(async () => {
  const [{ mkdtempSync }, { tmpdir }, { join }, { startOpenAITestServer }] = await Promise.all([
    import("node:fs"),
    import("node:os"),
    import("node:path"),
    import("@/lib/testing/openai-test-server"),
  ]);
  const server = await startOpenAITestServer();
  Object.assign(process.env, {
    RAGCAMP_DATA_DIR: mkdtempSync(join(tmpdir(), "ragcamp-chat-route-")),
    RAGCAMP_AUTH: "local",
    OPENAI_BASE_URL: server.baseUrl,
    RAGCAMP_CHAT_MODEL: "test-model",
    RAGCAMP_LLM_CONCURRENCY: "1",
    RAGCAMP_LLM_TIMEOUT_MS: "1000",
  });
  return { llm: server };
});

const { POST } = await import("./route");
const { createLab } = await import("@/lib/sdk/lab");
const { createApiClient, LabApiError } = await import("@/lib/api/client");
afterAll(() => llm.close());

const post = (content: string, signal?: AbortSignal) =>
  POST(
    new Request("http://localhost:3000/api/llm/chat", {
      method: "POST",
      headers: { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content }] }),
      signal,
    }),
    { params: Promise.resolve({}) },
  );

/** The SDK as a cell sees it, its client's requests going straight to the route. */
function cellLab() {
  const outputs: CellOutput[] = [];
  const api = createApiClient({
    origin: "http://localhost:3000",
    fetch: async (url, init) => POST(new Request(url, { ...init, headers: { ...(init?.headers as Record<string, string>), host: "localhost:3000", origin: "http://localhost:3000" } }), { params: Promise.resolve({}) }),
  });
  const ctx = { emit: (o: CellOutput) => void outputs.push(o), api, maxOutputBytes: 1 << 20 } as unknown as LabContext;
  return { lab: createLab(ctx), outputs };
}

describe("POST /api/llm/chat", () => {
  it("streams the reply as a UI message stream that the SDK shows and returns", async () => {
    llm.enqueue({ content: "Chunks overlap so sentences survive." });
    const { lab, outputs } = cellLab();
    expect(await lab.llm.chat("Why overlap?")).toBe("Chunks overlap so sentences survive.");
    expect(outputs.at(-1)).toMatchObject({ kind: "text", stream: "result", text: "Chunks overlap so sentences survive." });
  });

  it("answers a failure before the first token with its class and status, after retrying a 429 as Retry-After asks", async () => {
    llm.enqueue(...Array.from({ length: 4 }, () => ({ status: 429, retryAfterS: 0 })));
    const before = llm.requests.length;
    const res = await post("hello");
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect(llm.requests.length - before).toBe(4);
  });

  it("retries a 429 that comes before any token, then streams the reply", async () => {
    llm.enqueue({ status: 429, retryAfterS: 0 }, { content: "Second time lucky." });
    const { lab } = cellLab();
    expect(await lab.llm.chat("hello")).toBe("Second time lucky.");
  });

  it.each([
    ["a stream that fails part-way", { content: "one two three four", failAfterTokens: 2 }, "network", 502],
    ["a reply cut off at the token limit", { content: "one two three", finishReason: "length" as const }, "truncated", 502],
  ])("ends %s with an error part the SDK throws as a classified error, never as answer text", async (_name, reply, code, status) => {
    llm.enqueue(reply);
    const { lab, outputs } = cellLab();
    const error = await lab.llm.chat("hello").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabApiError);
    expect(error).toMatchObject({ code, status });
    expect(JSON.stringify(outputs)).not.toContain("ragcamp:");
  });

  it("stops the upstream call when the client hangs up and hands the only slot on at once", async () => {
    llm.enqueue({ hang: true }, { content: "next" });
    const client = new AbortController();
    const hung = post("first", client.signal).catch(() => undefined);
    await vi.waitFor(() => expect(llm.requests.at(-1)?.body?.messages[0].content).toBe("first"));
    const upstream = llm.requests.at(-1)!;
    const hungUpAt = performance.now();
    client.abort();
    await vi.waitFor(() => expect(upstream.closedAt).toBeDefined(), { timeout: 1_000 });
    expect(upstream.closedAt! - hungUpAt).toBeLessThan(1_000);

    const second = post("second");
    await vi.waitFor(() => expect(llm.requests.at(-1)?.body?.messages[0].content).toBe("second"), { timeout: 1_000 });
    expect(llm.requests.at(-1)!.startedAt - hungUpAt).toBeLessThan(1_000);
    expect((await second).status).toBe(200);
    await hung;
  });
});

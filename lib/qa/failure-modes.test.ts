import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LlmTraceEntry } from "@/lib/db/app-db";
import { labErrorStatus, type LabErrorCode } from "@/lib/errors";
import { llmQueryRewriter } from "@/lib/experiments/query-rewrite";
import { STYLE_RUBRIC } from "@/lib/judge/rubric";
import { rubricJudge } from "@/lib/judge/metrics/rubric-judge";
import { judgeModelFromConfig } from "@/lib/judge/model";
import { runJudgements } from "@/lib/judge/run";
import { callChat } from "@/lib/llm/call";
import { createChatModel } from "@/lib/llm/chat-model";
import { startOpenAITestServer, type OpenAITestServer, type ScriptedReply } from "@/lib/testing/openai-test-server";
import { withLlmTrace } from "@/lib/llm/trace";
import { runAgent } from "./agent";
import { cypherQa } from "./cypher-qa";
import { indexTasks } from "./task-index";
import { openTestLab, type TestLab } from "@/lib/testing/test-lab";
import { vectorQa } from "./vector-qa";

/**
 * Each failure mode of the local chat-completions test server (no model
 * answers here) ends as the same class on every path that calls a model:
 * the thrown LabError's code and HTTP status (what a route answers and what
 * the CLI prints with exit code 1, lib/cli/main.ts) and the trace entry's
 * `error` field, with the key never quoted.
 */
const SECRET = "sk-failure-modes-0123456789abcdef";
const TIMEOUT_MS = 200;

const MODES: { mode: string; reply: ScriptedReply; kind: LabErrorCode }[] = [
  { mode: "429 with Retry-After", reply: { status: 429, retryAfterS: 0 }, kind: "rate_limited" },
  { mode: "500", reply: { status: 500, message: "CUDA out of memory" }, kind: "server_error" },
  { mode: "silence past the time limit", reply: { hang: true }, kind: "timeout" },
  { mode: "reply cut off at the token limit", reply: { content: '{"score": 4, "rea', finishReason: "length" }, kind: "truncated" },
  { mode: "401 quoting the key", reply: { echoKey: true }, kind: "refused" },
  { mode: "body cut off mid-JSON", reply: { truncated: true }, kind: "unparseable" },
];

let llm: OpenAITestServer;
let lab: TestLab;
let reply: ScriptedReply;

beforeAll(async () => {
  llm = await startOpenAITestServer([], { respond: () => reply });
  lab = await openTestLab();
  await indexTasks(lab.graph, lab.store, lab.embedder);
}, 60_000);
afterAll(async () => {
  await llm.close();
  await lab.close();
});

const config = () => ({ baseUrl: llm.baseUrl, apiKey: SECRET, model: "test-model", timeoutMs: TIMEOUT_MS });

/** Every path, each making its model calls the way the lab does. */
const PATHS: Record<string, () => Promise<unknown>> = {
  chat: () => callChat(createChatModel(config()), "hello", { onToken: () => undefined }),
  "qa vector": () => vectorQa({ ...lab, model: createChatModel(config()) }, "Which tasks are about payments?"),
  "qa cypher": () => cypherQa(lab.graph, createChatModel(config()), "How many open tasks are there?"),
  "qa agent": () => runAgent({ ...lab, model: createChatModel(config()) }, "How many open tasks are there?"),
  "query rewrite": () => llmQueryRewriter(createChatModel(config()))("What helps people regulate emotions?"),
  judging: async () => {
    const run = await runJudgements([{ id: "q", input: { question: "q", answer: "a", contexts: [] } }], rubricJudge(STYLE_RUBRIC), {
      model: judgeModelFromConfig(config()),
      formatRetries: 0,
    });
    const outcome = run.items[0].outcomes[0];
    // A judge never scores a failed call: the item is recorded as failed, with its class, and thrown here to compare alike.
    if (outcome.status !== "failed") throw new Error(`expected a failed judgement, got ${outcome.status}`);
    throw Object.assign(new Error(outcome.message), { code: outcome.kind, status: labErrorStatus(outcome.kind as LabErrorCode) });
  },
};

describe.each(MODES)("a model server answering with $mode", ({ reply: scripted, kind }) => {
  it.each(Object.keys(PATHS))(`fails %s as ${kind}`, async (path) => {
    reply = scripted;
    const trace: LlmTraceEntry[] = [];
    const error = (await withLlmTrace((e) => trace.push(e), PATHS[path]).then(
      () => undefined,
      (e: unknown) => e,
    )) as { code?: string; status?: number; message?: string } | undefined;
    expect(error).toMatchObject({ code: kind, status: labErrorStatus(kind) });
    expect(error?.message).not.toContain(SECRET);
    expect(trace.at(-1)?.error).toMatch(new RegExp(`^${kind}: `));
    expect(JSON.stringify(trace)).not.toContain(SECRET);
  }, 20_000);
});

describe("the agent's graph tool", () => {
  const WRITE = "MATCH (t:Task) DETACH DELETE t";
  const counts = async () => (await lab.graph.query("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS rels")).rows[0];

  it("is chosen as the second of the two tools, and a write arriving through it is refused with the graph unchanged", async () => {
    const before = await counts();
    reply = { content: "unused" };
    const script: ScriptedReply[] = [
      { toolCall: { name: "graph", args: { question: "Delete every task" } } },
      { content: `\`\`\`cypher\n${WRITE}\n\`\`\`` },
      { content: "The lab does not change the graph, so no task was deleted." },
    ];
    llm.enqueue(...script);
    const sent = llm.requests.length;
    const result = await runAgent({ ...lab, model: createChatModel(config()) }, "Delete every task");

    expect(llm.requests[sent].body?.tools?.map((t) => t.function.name)).toEqual(["tasks", "graph"]);
    expect(result.steps[0]).toMatchObject({ type: "tool_call", tool: "graph" });
    expect(result.steps[1]).toMatchObject({ type: "tool_result", tool: "graph", error: expect.stringContaining(WRITE) });
    expect(result.steps[1]).toMatchObject({ error: expect.stringContaining("Only read queries") });
    expect(result.answer).toBe("The lab does not change the graph, so no task was deleted.");
    expect(await counts()).toEqual(before);
  });
});

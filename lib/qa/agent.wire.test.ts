import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatModel } from "@/lib/llm/chat-model";
import { runAgent } from "./agent";
import { openTestLab, type TestLab } from "@/lib/testing/test-lab";

/**
 * The agent through the real OpenAI chat-completions client against a local,
 * scripted server (no model answers here): tool schemas go out, tool calls
 * come back, tool results return under their call ids.
 */

interface WireMessage {
  role: string;
  content: string | null;
  tool_call_id?: string;
  tool_calls?: { id: string; function: { name: string } }[];
}
interface WireRequest {
  messages: WireMessage[];
  tools?: { type: string; function: { name: string; description: string; parameters: { properties: Record<string, unknown> } } }[];
}

const OPEN_COUNT = "MATCH (t:Task {status: 'open'}) RETURN count(t) AS openTasks";

function reply(body: WireRequest): { content: string | null; tool_calls?: unknown[] } {
  const last = body.messages[body.messages.length - 1];
  if (body.tools) {
    if (last.role === "tool") return { content: `Answer: ${last.content}` };
    const args = JSON.stringify({ question: last.content });
    return { content: null, tool_calls: [{ id: "call_abc", type: "function", function: { name: "graph", arguments: args } }] };
  }
  if (body.messages[0].content?.startsWith("You write one Cypher query")) return { content: `\`\`\`cypher\n${OPEN_COUNT}\n\`\`\`` };
  return { content: "There are 5 open tickets." };
}

let lab: TestLab;
let server: Server;
let baseUrl: string;
const requests: WireRequest[] = [];

beforeAll(async () => {
  lab = await openTestLab();
  server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += String(chunk);
    const body = JSON.parse(raw) as WireRequest;
    requests.push(body);
    const message = { role: "assistant", ...reply(body) };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: "chatcmpl-test",
        object: "chat.completion",
        created: 0,
        model: "test",
        choices: [{ index: 0, message, finish_reason: message.tool_calls ? "tool_calls" : "stop" }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}, 60_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await lab?.close();
});

describe("runAgent over the chat-completions wire format", () => {
  it("offers both tools, runs the one called and answers it under its call id", async () => {
    const model = createChatModel({ baseUrl, model: "test" });
    const result = await runAgent({ ...lab, model }, "How many open tickets are there?");
    expect(result.answer).toBe("Answer: There are 5 open tickets.");
    expect(result.steps.map((s) => s.type)).toEqual(["tool_call", "tool_result", "answer"]);

    const routing = requests.filter((r) => r.tools);
    expect(routing).toHaveLength(2);
    expect(routing[0].tools?.map((t) => [t.function.name, Object.keys(t.function.parameters.properties)])).toEqual([
      ["tasks", ["question"]],
      ["graph", ["question"]],
    ]);
    expect(routing[0].tools?.[0].function.description).toContain("cannot count");
    const history = routing[1].messages;
    expect(history.at(-2)?.tool_calls?.[0]).toMatchObject({ id: "call_abc", function: { name: "graph" } });
    expect(history.at(-1)).toMatchObject({ role: "tool", tool_call_id: "call_abc", content: "There are 5 open tickets." });
  });
});

import { AIMessage, ToolMessage } from "@langchain/core/messages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { GRAPH_TOOL, TASKS_TOOL, runAgent, type AgentStep } from "./agent";
import { FakeChatModel, type FakeChatCall } from "@/lib/testing/fake-chat-model";
import { indexTasks } from "./task-index";
import { openTestLab, type TestLab } from "@/lib/testing/test-lab";

let lab: TestLab;

beforeAll(async () => {
  lab = await openTestLab();
  await indexTasks(lab.graph, lab.store, lab.embedder);
}, 60_000);
afterAll(async () => {
  await lab?.close();
});

const OPEN_COUNT = "MATCH (t:Task {status: 'open'}) RETURN count(t) AS openTasks";

/**
 * Plays every role the agent's model has, by prompt: with tools bound it
 * routes counting questions to "graph" and the rest to "tasks", then repeats
 * the tool's answer; without tools it is the Cypher writer or a QA answerer.
 */
function scriptedModel(): FakeChatModel {
  return new FakeChatModel(({ messages, tools }: FakeChatCall) => {
    const last = messages[messages.length - 1];
    const system = messages[0].text;
    if (tools.length > 0) {
      if (ToolMessage.isInstance(last)) return `Answer: ${last.text}`;
      const question = last.text;
      const tool = /how many|count/i.test(question) ? GRAPH_TOOL.name : TASKS_TOOL.name;
      return new AIMessage({ content: "", tool_calls: [{ id: "call_1", name: tool, args: { question }, type: "tool_call" }] });
    }
    if (system.startsWith("You write one Cypher query")) return `\`\`\`cypher\n${OPEN_COUNT}\n\`\`\``;
    if (system.startsWith("You answer a question from the result")) return "There are 5 open tickets.";
    return "Both Optimize tasks: PaymentService transactions and AuthService authentication.";
  });
}

describe("runAgent", () => {
  it("sends a counting question to the graph tool and records each step", async () => {
    const model = scriptedModel();
    const result = await runAgent({ ...lab, model }, "How many open tickets are there?");
    expect(result.answer).toBe("Answer: There are 5 open tickets.");
    expect(result.steps.map((s) => [s.type, "tool" in s ? s.tool : ""])).toEqual([
      ["tool_call", "graph"],
      ["tool_result", "graph"],
      ["answer", ""],
    ]);
    expect(result.steps[0]).toEqual({ type: "tool_call", id: "call_1", tool: "graph", input: { question: "How many open tickets are there?" } });
    const toolResult = result.steps[1] as Extract<AgentStep, { type: "tool_result" }>;
    expect(toolResult.output).toBe("There are 5 open tickets.");
    expect(toolResult.detail).toMatchObject({ tool: "graph", result: { cypher: OPEN_COUNT, rows: [{ openTasks: 5 }] } });
    // Both tools were offered, with their descriptions, on every routing call.
    expect(model.calls.filter((c) => c.tools.length > 0).map((c) => c.tools)).toEqual([
      ["tasks", "graph"],
      ["tasks", "graph"],
    ]);
  });

  it("sends a question about what tasks are about to the tasks tool", async () => {
    const result = await runAgent({ ...lab, model: scriptedModel() }, "Which tasks have optimization in their description?");
    expect(result.steps.map((s) => s.type)).toEqual(["tool_call", "tool_result", "answer"]);
    const [call, toolResult] = result.steps;
    expect(call).toMatchObject({ tool: "tasks" });
    expect(toolResult).toMatchObject({
      tool: "tasks",
      output: "Both Optimize tasks: PaymentService transactions and AuthService authentication.",
      detail: { tool: "tasks", result: { k: 4 } },
    });
    const detail = (toolResult as Extract<AgentStep, { type: "tool_result" }>).detail;
    const ids = detail?.tool === "tasks" ? detail.result.retrieved.map((t) => t.id) : [];
    expect(ids).toHaveLength(4);
    expect(ids).toEqual(expect.arrayContaining(["optimizeAuth", "optimizePayment"]));
  });

  it("reports an unknown tool or bad arguments to the model and stops after maxSteps", async () => {
    let n = 0;
    const model = new FakeChatModel(() => {
      n++;
      const call = n % 2 === 1 ? { name: "search_web", args: { q: "x" } } : { name: "graph", args: { query: "x" } };
      return new AIMessage({ content: "", tool_calls: [{ id: `c${n}`, type: "tool_call", ...call }] });
    });
    const result = await runAgent({ ...lab, model }, "How many open tickets are there?", { maxSteps: 2 });
    expect(result.answer).toBeNull();
    expect(result.steps).toEqual([
      { type: "tool_call", id: "c1", tool: "search_web", input: { q: "x" } },
      expect.objectContaining({ type: "tool_result", id: "c1", error: "there is no tool named search_web; the tools are tasks and graph." }),
      { type: "tool_call", id: "c2", tool: "graph", input: { query: "x" } },
      expect.objectContaining({ type: "tool_result", id: "c2", error: expect.stringContaining("question") }),
    ]);
    // The model read both errors as tool messages answering its calls.
    const lastPrompt = model.calls[1].messages;
    expect(lastPrompt.filter((m) => ToolMessage.isInstance(m)).map((m) => (m as ToolMessage).tool_call_id)).toEqual(["c1"]);
  });

  it("gives id-less tool calls an id that the history and the tool message share", async () => {
    const model = new FakeChatModel(({ messages }) =>
      ToolMessage.isInstance(messages[messages.length - 1])
        ? "done"
        : new AIMessage({ content: "", tool_calls: [{ name: "search_web", args: {}, type: "tool_call" }] }),
    );
    const result = await runAgent({ ...lab, model }, "Anything?");
    expect(result.steps[0]).toMatchObject({ type: "tool_call", id: "step0_call0" });
    const history = model.calls[1].messages;
    expect(AIMessage.isInstance(history[2]) && history[2].tool_calls?.[0].id).toBe("step0_call0");
    expect((history[3] as ToolMessage).tool_call_id).toBe("step0_call0");
  });

  it("says plainly when the model cannot call tools", async () => {
    const model = scriptedModel();
    Object.defineProperty(model, "bindTools", { value: undefined });
    await expect(runAgent({ ...lab, model }, "How many open tickets are there?")).rejects.toThrow(LabError);
  });
});

/**
 * The course's two-tool agent: "tasks" (vector QA over task descriptions) and
 * "graph" (Cypher QA over the whole graph). The model picks a tool per
 * question through native tool calling (`bindTools`), in a loop of at most
 * `maxSteps` model calls; every call, result and the answer are recorded as
 * steps for the learner.
 *
 * Native tool calling rather than a JSON-decision prompt: OpenAI, LM Studio,
 * Ollama and vLLM (with its tool parser enabled) all speak it; the tool
 * schemas travel as structured data the model was trained on instead of
 * prose it has to imitate; and it is what the course's OpenAI-functions agent
 * did. A model or server without tool calling is told so plainly rather than
 * left to produce malformed JSON.
 */
import type { ToolCall } from "@langchain/core/messages/tool";
import { HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { ToolInputParsingException, tool, type StructuredToolInterface } from "@langchain/core/tools";
import { z } from "zod";
import { isLabError } from "@/lib/errors";
import { callChat } from "@/lib/llm/call";
import { LlmCallError } from "@/lib/llm/errors";
import { assertIntInRange, assertQuestion } from "./args";
import type { agentStepSchema, AgentResult, toolDetailSchema } from "./contract";
import { cypherQa, type CypherQaOptions } from "./cypher-qa";
import { vectorQa, type QaDeps } from "./vector-qa";

export const TASKS_TOOL = {
  name: "tasks",
  description:
    "Searches task descriptions by meaning and answers from the few tasks that match best. Use it for questions " +
    "about what tasks are about, what work is planned for a service or how something will change. It sees only a " +
    "handful of tasks at a time, so it cannot count tasks or list all of them.",
} as const;

export const GRAPH_TOOL = {
  name: "graph",
  description:
    "Writes and runs a Cypher query over the whole knowledge graph: microservices and their dependencies, the " +
    "teams that maintain them, people and their teams, tasks with their statuses. Use it to count or aggregate " +
    "(how many, which team has the most), for task statuses across the graph, for which services depend on which, " +
    "and for who maintains what.",
} as const;

const AGENT_PROMPT =
  "You answer questions about a software organisation: its microservices, the teams that maintain them, " +
  "the people in those teams and their tasks. Look the facts up with a tool, choosing the tool whose description " +
  "fits the question; do not answer from memory. Once a tool has answered, give the user that answer in your own " +
  "words and add nothing it did not say.";

export const DEFAULT_MAX_STEPS = 4;

export type ToolDetail = z.output<typeof toolDetailSchema>;
export type AgentStep = z.output<typeof agentStepSchema>;
export type { AgentResult };

export interface AgentOptions {
  /** Model calls at most, tool-choosing and answering ones together. */
  maxSteps?: number;
  /** Tasks the "tasks" tool retrieves. */
  k?: number;
  cypher?: CypherQaOptions;
}

const toolInput = z.object({
  question: z.string().min(1).describe("The question to answer, complete on its own"),
});

function agentTools(deps: QaDeps, opts: AgentOptions): StructuredToolInterface[] {
  return [
    tool(
      async ({ question }): Promise<[string, ToolDetail]> => {
        const result = await vectorQa(deps, question, { k: opts.k });
        return [result.answer, { tool: "tasks", result }];
      },
      { ...TASKS_TOOL, schema: toolInput, responseFormat: "content_and_artifact" },
    ),
    tool(
      async ({ question }): Promise<[string, ToolDetail]> => {
        const result = await cypherQa(deps.graph, deps.model, question, { ...opts.cypher, signal: deps.signal });
        const last = result.attempts[result.attempts.length - 1];
        const content = result.answer ?? `The graph query failed (${last.kind}): ${last.error}`;
        return [content, { tool: "graph", result }];
      },
      { ...GRAPH_TOOL, schema: toolInput, responseFormat: "content_and_artifact" },
    ),
  ];
}

/**
 * Runs one tool call; a bad call or a user-level error (a refused write
 * included) becomes a result the model can read and recover from. A failed
 * model call is not one: it fails the agent with its class.
 */
async function callTool(
  tools: StructuredToolInterface[],
  call: ToolCall & { id: string },
): Promise<{ message: ToolMessage; step: AgentStep }> {
  const failed = (error: string) => ({
    message: new ToolMessage({ tool_call_id: call.id, content: `Error: ${error}`, status: "error" }),
    step: { type: "tool_result", id: call.id, tool: call.name, output: `Error: ${error}`, error } as const,
  });
  const found = tools.find((t) => t.name === call.name);
  if (!found) return failed(`there is no tool named ${call.name}; the tools are ${tools.map((t) => t.name).join(" and ")}.`);
  try {
    const message: ToolMessage = await found.invoke(call);
    // The artifact is the ToolDetail our own tool function returned.
    const detail: ToolDetail = message.artifact;
    return { message, step: { type: "tool_result", id: call.id, tool: call.name, output: message.text, detail } };
  } catch (e) {
    if (e instanceof ToolInputParsingException || (isLabError(e) && !(e instanceof LlmCallError))) return failed(e.message);
    throw e;
  }
}

export async function runAgent(deps: QaDeps, question: string, opts: AgentOptions = {}): Promise<AgentResult> {
  assertQuestion(question);
  const maxSteps = opts.maxSteps ?? DEFAULT_MAX_STEPS;
  assertIntInRange("maxSteps", maxSteps, 1, 10);
  const tools = agentTools(deps, opts);
  const messages: BaseMessage[] = [new SystemMessage(AGENT_PROMPT), new HumanMessage(question)];
  const steps: AgentStep[] = [];
  for (let n = 0; n < maxSteps; n++) {
    const reply = await callChat(deps.model, messages, { tools, signal: deps.signal });
    // Some OpenAI-compatible servers leave call ids out; each tool message must answer an id the history holds.
    const calls = (reply.tool_calls ?? []).map((call, i) => ({ ...call, id: call.id ?? `step${n}_call${i}` }));
    reply.tool_calls = calls;
    messages.push(reply);
    if (calls.length === 0) {
      steps.push({ type: "answer", text: reply.text });
      return { question, answer: reply.text, steps };
    }
    for (const call of calls) {
      steps.push({ type: "tool_call", id: call.id, tool: call.name, input: call.args });
      const { message, step } = await callTool(tools, call);
      steps.push(step);
      messages.push(message);
    }
  }
  return { question, answer: null, steps };
}

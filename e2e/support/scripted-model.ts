import type { ChatCompletionRequest, ScriptedReply } from "../../lib/testing/openai-test-server";

/** Read-only queries over the lesson's DevOps graph, one per kind of question the lessons ask. */
const CYPHER_FOR = [
  { asks: /how many open/i, cypher: "MATCH (t:Task {status: 'open'}) RETURN count(t) AS openTasks" },
  { asks: /depend/i, cypher: "MATCH (m:Microservice)-[:DEPENDS_ON*1..]->(:Microservice {name: 'Database'}) RETURN DISTINCT m.name AS service" },
];
const BUSIEST_TEAM = "MATCH (t:Task {status: 'open'})-[:ASSIGNED_TO]->(team:Team) RETURN team.name AS team, count(t) AS openTasks ORDER BY openTasks DESC LIMIT 1";

/**
 * Stands in for a model that follows the lab's prompt formats, answering by
 * what each request asks for: judges' JSON (style scores cycle 3, 4, 5 so
 * repeats differ), Cypher for the DevOps graph, one tool call per agent
 * question (counts and dependencies to the graph, the rest to the tasks),
 * and a cited answer otherwise.
 */
export function scriptedModel(): (request: ChatCompletionRequest) => ScriptedReply {
  let ratings = 0;
  return (request) => {
    const text = (i: number) => String(request.messages.at(i)?.content ?? "");
    const prompt = text(-1);
    if (request.tools?.length) {
      // The tool's answer is in: the agent's last turn puts it in words.
      if (request.messages.at(-1)?.role === "tool") return { content: `From the tool: ${prompt.slice(0, 200)}` };
      const question = String(request.messages.findLast((m) => m.role === "user")?.content ?? "");
      return { toolCall: { name: CYPHER_FOR.some((c) => c.asks.test(question)) || /most|which team/i.test(question) ? "graph" : "tasks", args: { question } } };
    }
    if (text(0).includes("You write one Cypher query")) {
      const question = String(request.messages.findLast((m) => m.role === "user")?.content ?? "");
      return { content: "```cypher\n" + (CYPHER_FOR.find((c) => c.asks.test(question))?.cypher ?? BUSIEST_TEAM) + "\n```" };
    }
    if (prompt.includes('{"verdicts":')) {
      return { content: JSON.stringify({ verdicts: [{ supported: true, reason: "The passage says so." }, { supported: false, reason: "No passage mentions it." }] }) };
    }
    if (prompt.includes('{"claims":')) return { content: JSON.stringify({ claims: ["Naming an emotion calms it.", "Cold showers cure anxiety."] }) };
    if (prompt.includes('"score":')) return { content: JSON.stringify({ score: 3 + (ratings++ % 3), reason: "Clear enough." }) };
    return { content: "Naming what you feel helps you regulate it [1]." };
  };
}

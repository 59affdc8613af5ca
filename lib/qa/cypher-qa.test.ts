import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COURSE_QUERIES } from "@/lib/graph/course-queries";
import { countGraph } from "@/lib/graph/load-devops";
import { cypherQa, runCypherAnswer } from "./cypher-qa";
import { FakeChatModel } from "@/lib/testing/fake-chat-model";
import { openTestLab, type TestLab } from "@/lib/testing/test-lab";

let lab: TestLab;

beforeAll(async () => {
  lab = await openTestLab();
}, 60_000);
afterAll(async () => {
  await lab?.close();
});

const fenced = (cypher: string) => `Here is the query:\n\n\`\`\`cypher\n${cypher}\n\`\`\``;
const OPEN_COUNT = "MATCH (t:Task {status: 'open'}) RETURN count(t) AS openTasks";

describe("cypherQa", () => {
  it("writes Cypher from the schema, runs it read-only and answers from the rows", async () => {
    const model = new FakeChatModel([fenced(OPEN_COUNT), "There are 5 open tickets."]);
    const result = await cypherQa(lab.graph, model, "How many open tickets are there?");
    expect(result).toEqual({
      question: "How many open tickets are there?",
      cypher: OPEN_COUNT,
      attempts: [{ cypher: OPEN_COUNT }],
      columns: ["openTasks"],
      rows: [{ openTasks: 5 }],
      truncated: false,
      answer: "There are 5 open tickets.",
    });
    const [system] = model.calls[0].messages;
    expect(system.text).toContain("(:Microservice)-[:MAINTAINED_BY]->(:Team)");
    expect(system.text).toContain("'open', 'in progress', 'completed'");
    const answerPrompt = model.calls[1].messages.map((m) => m.text).join("\n");
    expect(answerPrompt).toContain(OPEN_COUNT);
    expect(answerPrompt).toContain('{"openTasks":5}');
  });

  it("sends a database error back to the model and records both attempts", async () => {
    const broken = "MATCH (t:Task {status: 'open'}) RETURN count(t) AS openTasks ORDER BY";
    const model = new FakeChatModel([fenced(broken), fenced(OPEN_COUNT), "There are 5 open tickets."]);
    const result = await cypherQa(lab.graph, model, "How many open tickets are there?");
    expect(result.attempts).toHaveLength(2);
    expect(result.attempts[0]).toMatchObject({ cypher: broken, kind: "syntax", error: expect.stringContaining("Parser exception") });
    expect(result.attempts[1]).toEqual({ cypher: OPEN_COUNT });
    expect(result.rows).toEqual([{ openTasks: 5 }]);
    expect(result.answer).toBe("There are 5 open tickets.");
    // The retry saw the failed query and the engine's message.
    const retry = model.calls[1].messages;
    expect(retry.at(-2)?.text).toContain(broken);
    expect(retry.at(-1)?.text).toContain(`(syntax): ${result.attempts[0].error}`);
  });

  it("classifies a misspelt keyword as syntax, not as a write", async () => {
    const model = new FakeChatModel([fenced("MATCH (t:Task) RETRN count(t) AS n")]);
    const result = await cypherQa(lab.graph, model, "How many tasks?", { maxAttempts: 1 });
    expect(result.attempts).toEqual([expect.objectContaining({ kind: "syntax" })]);
    expect(result.answer).toBeNull();
  });

  it.each([
    "MATCH (t:Task {status: 'open'}) SET t.status = 'completed' RETURN count(t) AS closed",
    "CREATE (:Team {id: 'teamX', name: 'TeamX'})",
    "MATCH (t:Task) DETACH DELETE t",
  ])("refuses a write without retrying (422 write_refused) and leaves the graph as it was: %s", async (write) => {
    const before = await countGraph(lab.graph);
    const model = new FakeChatModel([fenced(write), fenced(OPEN_COUNT)]);
    await expect(cypherQa(lab.graph, model, "Close all open tickets")).rejects.toMatchObject({
      code: "write_refused",
      status: 422,
      message: expect.stringContaining(write),
    });
    expect(model.calls).toHaveLength(1);
    expect(await countGraph(lab.graph)).toEqual(before);
    expect((await lab.graph.query(COURSE_QUERIES.openTasks)).rows).toEqual([{ openTasks: 5 }]);
  });

  it("turns a reversed relationship around and records the fix", async () => {
    const reversed = "MATCH (t:Team)-[:MAINTAINED_BY]->(m:Microservice {name: 'PaymentService'}) RETURN t.name AS team";
    const model = new FakeChatModel([fenced(reversed), "TeamD maintains PaymentService."]);
    const result = await cypherQa(lab.graph, model, "Which team is assigned to maintain PaymentService?");
    expect(result.attempts).toEqual([
      {
        cypher: "MATCH (t:Team)<-[:MAINTAINED_BY]-(m:Microservice {name: 'PaymentService'}) RETURN t.name AS team",
        generated: reversed,
        fixes: [expect.stringContaining("the schema has (:Microservice)-[:MAINTAINED_BY]->(:Team)")],
      },
    ]);
    expect(result.rows).toEqual([{ team: "TeamD" }]);
  });

  it("classifies an unknown label, retries, and gives up after maxAttempts", async () => {
    const model = new FakeChatModel([fenced("MATCH (t:Ticket {status: 'open'}) RETURN count(t) AS n")]);
    const result = await cypherQa(lab.graph, model, "How many open tickets are there?", { maxAttempts: 2 });
    expect(result.attempts.map((a) => a.kind)).toEqual(["unknown_label", "unknown_label"]);
    expect(result.attempts[0].error).toBe("There is no node label Ticket. Labels: Microservice, Person, Task, Team.");
    expect(result).toMatchObject({ cypher: "MATCH (t:Ticket {status: 'open'}) RETURN count(t) AS n", rows: [], answer: null });
    expect(model.calls).toHaveLength(2);
  });

  it("classifies an unknown property", async () => {
    const model = new FakeChatModel([fenced("MATCH (t:Task) RETURN t.owner AS owner")]);
    const result = await cypherQa(lab.graph, model, "Who owns the tasks?", { maxAttempts: 1 });
    expect(result.attempts).toEqual([expect.objectContaining({ kind: "unknown_property" })]);
  });

  it("falls back on the engine's message for what the schema check cannot follow", async () => {
    // x is bound through WITH, which the pattern check does not trace; LadybugDB reports the property.
    const model = new FakeChatModel([fenced("MATCH (t:Task) WITH t AS x RETURN x.owner AS owner")]);
    const result = await cypherQa(lab.graph, model, "Who owns the tasks?", { maxAttempts: 1 });
    expect(result.attempts).toEqual([expect.objectContaining({ kind: "unknown_property", error: expect.stringContaining("owner") })]);
  });

  it("classifies a prose reply as not_cypher", async () => {
    const model = new FakeChatModel(["I believe there are about five open tickets, but I cannot be sure."]);
    const result = await cypherQa(lab.graph, model, "How many open tickets are there?", { maxAttempts: 2 });
    expect(result.attempts).toEqual([
      { cypher: "", kind: "not_cypher", error: expect.stringContaining("I believe there are about five") },
      expect.objectContaining({ kind: "not_cypher" }),
    ]);
    expect(result).toMatchObject({ cypher: null, answer: null });
  });

  it("classifies an empty result and still lets the model say so from the rows", async () => {
    const capitalised = "MATCH (t:Task {status: 'Open'}) RETURN t.name AS task";
    const model = new FakeChatModel([fenced(capitalised), "The graph has no matching tasks."]);
    const result = await cypherQa(lab.graph, model, "Which tasks are open?");
    expect(result.attempts).toEqual([{ cypher: capitalised, kind: "empty_result", error: "The query ran and returned no rows." }]);
    expect(result).toMatchObject({ rows: [], columns: ["task"], answer: "The graph has no matching tasks." });
    expect(model.calls[1].messages.map((m) => m.text).join("\n")).toContain("(no rows)");
  });

  it("classifies a query stopped at its time limit", async () => {
    const slow = "MATCH (a)-[*1..30]-(b) MATCH (c)-[*1..30]-(d) RETURN count(*) AS n";
    const model = new FakeChatModel([fenced(slow)]);
    const result = await cypherQa(lab.graph, model, "How connected is everything?", { maxAttempts: 1, timeoutMs: 50 });
    expect(result.attempts).toEqual([expect.objectContaining({ cypher: slow, kind: "timeout" })]);
  });
});

describe("runCypherAnswer", () => {
  it("runs the learner's edited query and answers from its rows", async () => {
    const model = new FakeChatModel(["TeamA has the most open tasks: 3."]);
    const result = await runCypherAnswer(lab.graph, model, "Which team has the most open tasks?", COURSE_QUERIES.teamWithMostOpenTasks);
    expect(result).toMatchObject({
      cypher: COURSE_QUERIES.teamWithMostOpenTasks,
      attempts: [{ cypher: COURSE_QUERIES.teamWithMostOpenTasks }],
      rows: [{ team: "TeamA", openTasks: 3 }],
      answer: "TeamA has the most open tasks: 3.",
    });
  });

  it("does not fix the learner's reversed arrow but says what is wrong, without asking the model", async () => {
    const model = new FakeChatModel(["unused"]);
    const reversed = "MATCH (t:Team)-[:MAINTAINED_BY]->(m:Microservice) RETURN m.name AS service";
    const result = await runCypherAnswer(lab.graph, model, "What does each team maintain?", reversed);
    expect(result.attempts).toEqual([
      { cypher: reversed, kind: "wrong_direction", error: expect.stringContaining("points the wrong way") },
    ]);
    expect(result.answer).toBeNull();
    expect(model.calls).toHaveLength(0);
  });
});

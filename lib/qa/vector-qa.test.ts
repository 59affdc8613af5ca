import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { FakeChatModel } from "@/lib/testing/fake-chat-model";
import { DEFAULT_K, indexTasks, retrieveTasks, taskCollection } from "./task-index";
import { openTestLab, type TestLab } from "@/lib/testing/test-lab";
import { explainCount, vectorQa } from "./vector-qa";

let lab: TestLab;

beforeAll(async () => {
  lab = await openTestLab();
}, 60_000);
afterAll(async () => {
  await lab?.close();
});

describe("task index", () => {
  it("refuses to retrieve before the tasks are indexed", async () => {
    const error = await retrieveTasks(lab.graph, lab.store, lab.embedder, "caching").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect(error).toMatchObject({ code: "not_found", message: expect.stringContaining("index them first") });
  });

  it("embeds every task once, keyed by node id, and indexing again changes nothing", async () => {
    const first = await indexTasks(lab.graph, lab.store, lab.embedder);
    expect(first).toMatchObject({ collection: "graph_devops_tasks__fake-bag-of-words-256", count: 10 });
    const again = await indexTasks(lab.graph, lab.store, lab.embedder);
    expect(again.count).toBe(10);
    expect((await lab.store.describeCollection(first.collection)).count).toBe(10);
    const ids = (await lab.store.allVectors(first.collection)).map((r) => r.id).sort();
    expect(ids).toContain("optimizePayment");
  });

  it("retrieves tasks by meaning with their properties read from the graph", async () => {
    const hits = await retrieveTasks(lab.graph, lab.store, lab.embedder, "Which tasks have optimization in their description?");
    expect(hits).toHaveLength(DEFAULT_K);
    expect(hits.slice(0, 3).map((h) => h.id).sort()).toEqual(["optimizeAuth", "optimizePayment", "refactorUser"]);
    const [best] = hits;
    expect(best.citation).toBe(`graph://Task/${best.id}`);
    expect(best.text).toBe(`name: ${best.properties.name}\ndescription: ${best.properties.description}\nstatus: ${best.properties.status}`);
    expect(best.score).toBeGreaterThan(hits[3].score);
    expect(await retrieveTasks(lab.graph, lab.store, lab.embedder, "security", 2)).toHaveLength(2);
  });

  it("names collections per model, within the store's naming rules", () => {
    expect(taskCollection("Xenova/all-MiniLM-L6-v2")).toBe("graph_devops_tasks__xenova-all-minilm-l6-v2");
    const long = taskCollection(`org/${"very-long-model-name-".repeat(6)}`);
    expect(long).toMatch(/^graph_devops_tasks__[a-z0-9-]{64}$/);
    expect(long).not.toBe(taskCollection(`org/${"very-long-model-name-".repeat(6)}2`));
  });
});

describe("vector QA", () => {
  it("answers from exactly k retrieved tasks, and explainCount shows what the graph knows", async () => {
    const model = new FakeChatModel(["There are 4 open tickets."]);
    const result = await vectorQa({ ...lab, model }, "How many open tickets are there?");
    expect(result.k).toBe(4);
    expect(result.retrieved).toHaveLength(4);
    expect(result.answer).toBe("There are 4 open tickets.");

    // The model saw those four tasks and nothing else.
    const [system, human] = model.calls[0].messages;
    expect(human.text).toBe("How many open tickets are there?");
    expect(system.text.match(/^\[\d+\] name: /gm)).toHaveLength(4);
    for (const task of result.retrieved) expect(system.text).toContain(task.text);

    const counts = await explainCount(lab.graph, result.retrieved);
    expect(counts).toEqual({
      retrieved: 4,
      openAmongRetrieved: result.retrieved.filter((t) => t.properties.status === "open").length,
      openRetrievedIds: result.retrieved.filter((t) => t.properties.status === "open").map((t) => t.id),
      openInGraph: 5,
      openQuery: "MATCH (t:Task {status: 'open'}) RETURN count(*) AS openTasks",
    });
    // With the bag-of-words fake, "open" pulls four of the five open tasks: the course's 4 against 5.
    expect(counts.openAmongRetrieved).toBe(4);
  });

  it("retrieves as many tasks as asked", async () => {
    const model = new FakeChatModel(["I do not know."]);
    const result = await vectorQa({ ...lab, model }, "How many open tickets are there?", { k: 6 });
    expect(result.retrieved).toHaveLength(6);
    expect((await explainCount(lab.graph, result.retrieved)).openAmongRetrieved).toBe(5);
  });

  // Last, because it changes the shared graph.
  it("drops tasks that left the graph when indexing again", async () => {
    await lab.graph.query("MATCH (t:Task {id: 'newTask'}) DETACH DELETE t", {}, { readOnly: false });
    expect((await indexTasks(lab.graph, lab.store, lab.embedder)).count).toBe(9);
    const ids = (await lab.store.allVectors(taskCollection(lab.embedder.id))).map((r) => r.id);
    expect(ids).toHaveLength(9);
    expect(ids).not.toContain("newTask");
  });
});

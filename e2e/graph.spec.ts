import { expect, test } from "./support/fixtures";

test("a learner loads the DevOps graph, answers the course's questions in Cypher, and cannot change it", async ({ notebook, page, lab }) => {
  await notebook.open("knowledge-graph-qa");
  await notebook.run("load");
  await expect(notebook.outputs("load")).toContainText("33 nodes, 52 relationships, answered by LadybugDB (embedded)");

  await notebook.run("open-count");
  await expect(notebook.outputs("open-count").getByTestId("output-table")).toContainText("5");
  await expect(notebook.outputs("open-count")).toContainText("from LadybugDB (embedded)");

  await notebook.run("busiest-team");
  await expect(notebook.outputs("busiest-team").locator("tbody tr").first()).toContainText("TeamA3");

  await notebook.run("dependents");
  await expect(notebook.outputs("dependents").locator("tbody tr")).toHaveCount(6);

  await notebook.run("payment");
  await expect(notebook.outputs("payment").getByTestId("output-graph")).toContainText("TeamD");

  await notebook.run("write-attempt");
  await expect(notebook.outputs("write-attempt").getByTestId("output-error")).toContainText("Only read queries are allowed");
  // Also through the SDK and raw API: nothing changes.
  const raw = await page.request.post("/api/graph/query", { headers: { origin: lab.url }, data: { cypher: "MATCH (t:Task) SET t.status = 'completed' RETURN t", allowWrite: true } });
  expect(raw.status()).toBe(403);
  await notebook.run("open-count");
  await expect(notebook.outputs("open-count").getByTestId("output-table")).toContainText("5");
});

test("invalid Cypher gets a clear message in its cell", async ({ notebook }) => {
  await notebook.open("knowledge-graph-qa");
  await notebook.run("load");
  await notebook.replaceCode("open-count", "MATCH (t:Task {status: 'open'}\nRETURN count(*) AS n");
  await notebook.run("open-count");
  await expect(notebook.status("open-count")).toHaveText("error");
  await expect(notebook.outputs("open-count").getByTestId("output-error")).toContainText("Cypher");
});

test("a learner writes to their own scratch graph, which can be reset, and cannot reach files from it", async ({ notebook, page, lab }) => {
  await notebook.open("knowledge-graph-qa");
  await notebook.run("scratch-schema");
  await expect(notebook.status("scratch-schema")).toHaveText("done");
  await notebook.run("scratch-write");
  await expect(notebook.outputs("scratch-write").getByTestId("output-table")).toContainText("chunking");
  await expect(notebook.outputs("scratch-write")).toContainText("your scratch graph");
  const outside = await page.request.post("/api/graph/query", { headers: { origin: lab.url }, data: { graph: "scratch", cypher: "LOAD FROM '/etc/passwd' RETURN *" } });
  expect(outside.status()).toBe(403);
  await notebook.run("scratch-reset");
  await expect(notebook.status("scratch-reset")).toHaveText("done");
  const after = await page.request.post("/api/graph/query", { headers: { origin: lab.url }, data: { graph: "scratch", cypher: "MATCH (i:Idea) RETURN count(*) AS n" } });
  expect(after.status()).toBe(400); // the table is gone with the reset
});

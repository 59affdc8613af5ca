import { expect, test } from "./support/fixtures";

test("with no chat model configured, LLM cells explain how to configure one and the rest still works", async ({ notebook }) => {
  await notebook.open("knowledge-graph-qa");
  await notebook.run("load");
  await notebook.run("four-vs-five");
  await expect(notebook.status("four-vs-five")).toHaveText("done", { timeout: 60_000 });
  await expect(notebook.outputs("four-vs-five")).toContainText("Cypher counts 5 open tasks");
  await notebook.run("vector-qa");
  // One note says what to do (the raw error repeating it is not shown).
  await expect(notebook.cell("vector-qa").getByTestId("needs-model")).toContainText("RAGCAMP_CHAT_MODEL");
  await expect(notebook.cell("vector-qa").getByTestId("output-error")).toHaveCount(0);
});

test.describe("with an OpenAI-compatible chat model", () => {
  test.use({ chatModel: {}, serverEnv: { OPENAI_API_KEY: "sk-e2e-llm-key" } });

  test("a reply from an OpenAI-compatible server streams into the cell, and the key never reaches the browser", async ({ page, notebook, llm }) => {
    llm.enqueue({ content: "Retrieval-augmented generation answers from retrieved text." });
    await notebook.open("grounded-answers");
    await notebook.run("hello-model");
    await expect(notebook.status("hello-model")).toHaveText("done", { timeout: 30_000 });
    await expect(notebook.outputs("hello-model")).toContainText("Retrieval-augmented generation answers from retrieved text.");
    // The model got the learner's prompt with the server's key; the page never saw the key.
    expect(llm.requests.at(-1)?.body?.messages.at(-1)?.content).toContain("retrieval-augmented generation");
    expect(llm.requests.at(-1)?.authorization).toBe("Bearer sk-e2e-llm-key");
    expect(await page.content()).not.toContain("sk-e2e-llm-key");

    // A server error is classified and shown, not swallowed.
    // A 5xx is retried three times, so the model fails four times in a row here.
    for (let i = 0; i < 4; i++) llm.enqueue({ status: 500, message: "model crashed" });
    await notebook.run("hello-model");
    await expect(notebook.outputs("hello-model")).toContainText("server_error");
    await expect(notebook.outputs("hello-model")).toContainText("model crashed");
  });

  test("vector QA and Cypher QA answer side by side, each with its evidence", async ({ notebook, llm }) => {
    llm.enqueue(
      { content: "Four tickets are open." },
      { content: "```cypher\nMATCH (t:Task {status: 'open'}) RETURN count(*) AS openTasks\n```" },
      { content: "There are 5 open tickets." },
    );
    await notebook.open("knowledge-graph-qa");
    await notebook.run("load");
    await expect(notebook.status("load")).toHaveText("done");
    await notebook.replaceCode("side-by-side", 'await lab.qa.compare("How many open tickets are there?");');
    await notebook.run("side-by-side");
    const table = notebook.outputs("side-by-side").getByTestId("output-table");
    await expect(table).toContainText("Four tickets are open.", { timeout: 60_000 });
    await expect(table).toContainText("There are 5 open tickets.");
    await expect(table).toContainText("MATCH (t:Task {status: 'open'})");
    // The vector side's evidence is the k = 4 retrieved tasks.
    expect(llm.requests[0].body?.messages.map((m) => String(m.content)).join("\n")).toContain("status:");
  });
});

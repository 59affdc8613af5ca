import { expect, test } from "./support/fixtures";

test.use({ chatModel: {} });

test("every LLM call a notebook makes is in its trace log, viewable in the page and exported as JSON lines", async ({ page, notebook, llm, lab }) => {
  llm.enqueue(
    { content: "RAG answers from retrieved passages." },
    { content: "An untraced reply." },
  );
  await notebook.open("grounded-answers");
  await expect(page.getByTestId("trace-toggle")).toContainText("0");
  await notebook.run("hello-model");
  await expect(notebook.status("hello-model")).toHaveText("done", { timeout: 30_000 });
  await expect(page.getByTestId("trace-toggle")).toContainText("1");

  // The panel lists the call; opening the row shows what the model saw and said.
  await page.getByTestId("trace-toggle").click();
  const panel = page.getByTestId("trace-panel");
  const entry = panel.getByTestId("trace-entry");
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("test-model");
  await expect(entry).toContainText("chat");
  await entry.locator("summary").click();
  await expect(entry).toContainText("user: In one sentence: what is retrieval-augmented generation?");
  await expect(entry).toContainText("RAG answers from retrieved passages.");

  // A request that does not come from a notebook (the CLI, a script) is not traced.
  const direct = await page.request.post(`/api/llm/chat`, { headers: { origin: lab.url }, data: { messages: [{ role: "user", content: "hi" }] } });
  // The reply streams as AI SDK UI-message parts, a text delta at a time.
  const streamed = (await direct.text()).split("\n").flatMap((line) => (line.startsWith("data: {") ? [JSON.parse(line.slice(6)) as { type: string; delta?: string }] : []));
  expect(streamed.filter((p) => p.type === "text-delta").map((p) => p.delta).join("")).toContain("An untraced reply.");

  // The export is one JSON object per line.
  const href = await panel.getByTestId("trace-export").getAttribute("href");
  const res = await page.request.get(`${href}`);
  expect(res.headers()["content-type"]).toContain("application/x-ndjson");
  expect(res.headers()["content-disposition"]).toContain('filename="grounded-answers-llm-trace.jsonl"');
  const lines = (await res.text()).trim().split("\n");
  expect(lines).toHaveLength(1);
  for (const line of lines) {
    const call = JSON.parse(line) as Record<string, unknown>;
    expect(call).toMatchObject({ source: "chat", cacheHit: false, output: "RAG answers from retrieved passages." });
    expect(call.prompt).toContain("retrieval-augmented generation");
    expect(call.model).toContain("test-model");
  }

  // A bad notebook name is refused.
  expect((await page.request.get(`/api/llm/trace?notebook=..%2Fx`)).status()).toBe(400);
});

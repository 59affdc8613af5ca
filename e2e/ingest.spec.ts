import { expect, test } from "./support/fixtures";

const ONE_TALK = `const talk = await lab.captions.dataset("google-talks", { only: ["tShDYA3NFVs"] });
const ingested = await lab.ingest(talk, { kind: "token", size: 128, overlap: 0 });
ingested`;

test("a learner ingests a talk with a progress bar, searches it with citations, and re-runs from the cache", async ({ notebook, page }) => {
  await notebook.open("captions-to-vectors");
  await notebook.run("chunk");
  await expect(notebook.outputs("chunk").getByTestId("output-chunks")).toContainText("The Neuroscience of Emotions");
  await expect(notebook.outputs("chunk").locator(".chunk-marker").first()).toHaveAttribute("href", /youtube\.com\/watch\?v=tShDYA3NFVs&t=\d+s/);

  await notebook.replaceCode("ingest", ONE_TALK);
  await notebook.run("ingest");
  const progress = notebook.outputs("ingest").getByTestId("output-progress");
  await expect(progress).toBeVisible();
  await expect(notebook.status("ingest")).toHaveText("done", { timeout: 60_000 });
  await expect(progress).toHaveAttribute("data-status", "done");
  await expect(notebook.outputs("ingest")).toContainText("written");

  await notebook.run("search");
  await expect(notebook.status("search")).toHaveText("done");
  const table = notebook.outputs("search").getByTestId("output-table");
  await expect(table.locator("tbody tr")).toHaveCount(3);
  await expect(table.locator("a").first()).toHaveAttribute("href", /watch\?v=tShDYA3NFVs&t=\d+s/);

  // The same cell again: everything comes from the embedding cache.
  await notebook.run("ingest");
  await expect(notebook.status("ingest")).toHaveText("done", { timeout: 15_000 });
  await expect(notebook.outputs("ingest")).toContainText("unchanged");
  await expect(notebook.outputs("ingest").getByTestId("output-json")).toContainText("embedded: 0");
  await page.screenshot({ path: "test-results/ingest.png", fullPage: true });
});

test("a reloaded page re-attaches the cell to its running ingestion, which can be cancelled from its bar", async ({ notebook, page }) => {
  await notebook.open("captions-to-vectors");
  await notebook.replaceCode("ingest", ONE_TALK.replace('["tShDYA3NFVs"]', '["hQVTIJBZook", "AusOPz8Ww80", "y7vwZ20SDzc"]'));
  await notebook.run("ingest");
  await expect(notebook.outputs("ingest").getByTestId("output-progress")).toBeVisible();
  await notebook.waitSaved();
  await page.reload();
  const bar = notebook.outputs("ingest").getByTestId("output-progress");
  await expect(bar).toHaveAttribute("data-status", "running");
  await bar.getByTestId("job-cancel").click();
  await expect(bar).toHaveAttribute("data-status", "cancelled", { timeout: 60_000 });
  await expect(notebook.status("ingest")).toHaveText("error");
  const jobs = (await (await page.request.get("/api/jobs")).json()) as { jobs: { status: string }[] };
  expect(jobs.jobs[0].status).toBe("cancelled");
});

test("bad input to ingestion gets a clear message in the cell", async ({ notebook }) => {
  await notebook.open("captions-to-vectors");
  await notebook.replaceCode(
    "ingest",
    `const bad = await lab.captions.fromFile("broken.srt", "1\\n00:00:01,000 -> oops\\nhello\\n").catch((e) => e.message);
console.log(bad);
await lab.ingest(await lab.captions.dataset("google-talks", { only: ["tShDYA3NFVs"] }), { kind: "token", size: 0, overlap: 0 });`,
  );
  await notebook.run("ingest");
  await expect(notebook.status("ingest")).toHaveText("error");
  await expect(notebook.outputs("ingest")).toContainText("broken.srt");
  await expect(notebook.outputs("ingest").getByTestId("output-error")).toContainText("size must be at least 1");
});

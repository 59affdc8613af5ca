import { expect, test } from "./support/fixtures";
import type { NotebookPage } from "./support/notebook-page";

// A 3 s cell limit, and a job counts as stalled once its counter has been still for 2.5 s.
test.use({ serverEnv: { RAGCAMP_TEST_HOOKS: "1", RAGCAMP_CELL_TIMEOUT_MS: "3000", RAGCAMP_JOB_STALL_MS: "2500" } });

/** A cell that starts the test-only slow job (it reports nothing but its counter) and waits for it. */
const slowJobCell = (spec: object) => `const res = await fetch("/api/test/slow-job", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(${JSON.stringify(spec)}) });
const job = await res.json();
const started = Date.now();
await lab.jobs.follow(job.id, { label: "Counting" });
\`followed for \${Math.round((Date.now() - started) / 1000)} s\``;

async function runSlowJob(notebook: NotebookPage, spec: object) {
  await notebook.open("notebook-basics");
  await notebook.replaceCode("reuse", slowJobCell(spec));
  await notebook.waitSaved();
  await notebook.run("reuse");
}

test("a cell follows a job whose counter moves past its time limit, and ends with the job's summary", async ({ notebook }) => {
  await runSlowJob(notebook, { steps: 24, everyMs: 250 });
  await expect(notebook.status("reuse")).toHaveText("done", { timeout: 30_000 });
  const seconds = Number((await notebook.outputs("reuse").textContent())?.match(/followed for (\d+) s/)?.[1]);
  expect(seconds).toBeGreaterThan(3);
  const bar = notebook.outputs("reuse").getByTestId("output-progress");
  await expect(bar).toHaveAttribute("data-status", "done");
  await expect(bar).toContainText("24 / 24");
  await expect(bar).toContainText("Counted to 24");
});

test("a job whose counter stops is reported as stalled in its cell, with Cancel", async ({ notebook, page }) => {
  await runSlowJob(notebook, { steps: 10, everyMs: 200, stallAt: 2, stallMs: 120_000 });
  await expect(notebook.status("reuse")).toHaveText("error", { timeout: 15_000 });
  const outputs = notebook.outputs("reuse");
  await expect(outputs.getByTestId("output-error")).toContainText("JobStalled");
  // The kernel was not restarted: a stall is not a spinning cell.
  await expect(page.getByTestId("kernel-banner")).toBeHidden();
  const bar = outputs.getByTestId("output-progress");
  await expect(bar.getByTestId("job-stalled")).toContainText("no progress for");
  await bar.getByTestId("job-cancel").click();
  await expect(bar).toHaveAttribute("data-status", "cancelled");
  const jobs = (await (await page.request.get("/api/jobs")).json()) as { jobs: { status: string }[] };
  expect(jobs.jobs[0].status).toBe("cancelled");
});

test("a job with more progress updates than the output cap ends with its summary shown, and after a reload", async ({ notebook, page }) => {
  // 450 counter reports, past the 400-output cap, in about 5 s.
  await runSlowJob(notebook, { steps: 450, everyMs: 10 });
  await expect(notebook.status("reuse")).toHaveText("done", { timeout: 30_000 });
  const outputs = notebook.outputs("reuse");
  await expect(outputs.getByTestId("output-progress")).toHaveCount(1);
  await expect(outputs.getByTestId("output-progress")).toContainText("Counted to 450");
  await expect(outputs).toContainText("followed for");
  await expect(outputs).not.toContainText("Output limit");

  await page.reload();
  await expect(notebook.outputs("reuse").getByTestId("output-progress")).toHaveAttribute("data-status", "done");
  await expect(notebook.outputs("reuse")).toContainText("Counted to 450");
});

test("a reload during a job shows the live bar in the cell that started it, then its final state, saved", async ({ notebook, page }) => {
  await runSlowJob(notebook, { steps: 40, everyMs: 250 });
  await expect(notebook.outputs("reuse").getByTestId("output-progress")).toHaveAttribute("data-status", "running");
  await page.reload();
  const bar = notebook.outputs("reuse").getByTestId("output-progress");
  await expect(bar).toHaveAttribute("data-status", "running");
  await expect(notebook.status("reuse")).toHaveText("running…");
  // The job is shown once, in its cell, not again in the jobs panel.
  await expect(page.getByTestId("jobs-panel")).toBeHidden();
  await expect(bar).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  await expect(notebook.status("reuse")).toHaveText("done");
  await expect(notebook.outputs("reuse")).toContainText("page was reloaded while this job ran");

  await page.reload();
  await expect(notebook.outputs("reuse").getByTestId("output-progress")).toContainText("Counted to 40");
});

test("a cell whose own code spins while its job moves is still stopped by the limit", async ({ notebook }) => {
  await notebook.open("notebook-basics");
  await notebook.replaceCode(
    "reuse",
    `const res = await fetch("/api/test/slow-job", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ steps: 100, everyMs: 100 }) });
const job = await res.json();
void lab.jobs.follow(job.id);
await lab.sleep(500);
while (true) {}`,
  );
  await notebook.run("reuse");
  await expect(notebook.status("reuse")).toHaveText("error", { timeout: 10_000 });
  await expect(notebook.outputs("reuse")).toContainText("time limit");
});

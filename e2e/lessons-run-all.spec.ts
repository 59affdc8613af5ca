import type { Page } from "@playwright/test";
import { loadLessons } from "../lib/lessons/load";
import { expect, test } from "./support/fixtures";
import { scriptedModel } from "./support/scripted-model";

/**
 * Every lesson, top to bottom, as a learner's Run all runs it: on a fresh data
 * dir (every test gets its own), the embedded engines and default limits, the
 * first three talks of the course corpus (the lessons' numbers are computed
 * live, so they follow) and the local chat-completions test server.
 */
test.use({ chatModel: { respond: scriptedModel() }, serverEnv: { RAGCAMP_COURSE_SUBSET: "3" } });

const LESSON_BUDGET_MS = 8 * 60_000;
const POLL_MS = 500;

interface CellState {
  id: string;
  status: string;
  error: string;
  elapsed: string;
}

async function cellStates(page: Page): Promise<CellState[]> {
  return page.locator('[data-testid="notebook"] section.cell').evaluateAll((sections) =>
    sections.map((s) => ({
      id: (s.getAttribute("data-testid") ?? "").replace(/^cell-/, ""),
      status: s.getAttribute("data-status") ?? "",
      error: [...s.querySelectorAll('[data-testid="output-error"]')].map((e) => e.textContent ?? "").join(" | "),
      elapsed: s.querySelector('[data-testid="cell-elapsed"]')?.textContent ?? "",
    })),
  );
}

/**
 * Waits until every cell is done and fails, naming the lesson, the cell and its error,
 * as soon as one ends otherwise (a cell marked `expect=error:` is "done" when it fails as marked).
 */
async function expectAllDone(page: Page, slug: string, timeoutMs: number): Promise<CellState[]> {
  const deadline = Date.now() + timeoutMs;
  let cells: CellState[] = [];
  for (;;) {
    cells = await cellStates(page);
    const failed = cells.find((c) => c.status === "error" || c.status === "needs-model");
    if (failed) throw new Error(`Lesson ${slug}: cell ${failed.id} ended "${failed.status}": ${failed.error || "(no error output)"}`);
    if (cells.length > 0 && cells.every((c) => c.status === "done")) return cells;
    if (Date.now() > deadline) break;
    await page.waitForTimeout(POLL_MS);
  }
  const pending = cells.filter((c) => c.status !== "done").map((c) => `${c.id} (${c.status})`);
  throw new Error(`Lesson ${slug}: not every cell was done after ${timeoutMs / 1000} s: ${pending.join(", ")}`);
}

// The suite's time: every lesson's Run all, and the wall time with server starts and reloads.
const suiteStarted = Date.now();
let runAllMs = 0;

test.afterAll(() => {
  console.log(`BENCH run_all_lessons_total_s ${(runAllMs / 1000).toFixed(1)}`);
  console.log(`BENCH lessons_suite_wall_s ${((Date.now() - suiteStarted) / 1000).toFixed(1)}`);
});

for (const { slug } of loadLessons()) {
  test(`Run all of ${slug} on three talks ends with every cell done, its results shown and kept after a reload`, async ({ notebook, page }) => {
    test.setTimeout(LESSON_BUDGET_MS + 2 * 60_000);
    const started = Date.now();
    await notebook.open(slug);
    await page.getByTestId("run-all").click();
    const cells = await expectAllDone(page, slug, LESSON_BUDGET_MS);
    const elapsedMs = Date.now() - started;
    runAllMs += elapsedMs;
    // Each cell's time as its badge shows it, so a slow lesson points at its slow cells.
    console.log(`BENCH run_all_${slug.replaceAll("-", "_")}_s ${(elapsedMs / 1000).toFixed(1)} (${cells.map((c) => `${c.id} ${c.elapsed}`).join(", ")})`);

    await expect(page.getByTestId("halt-banner")).toBeHidden();
    await expect(page.getByTestId("cell-outputs").getByText("Output limit")).toHaveCount(0);
    for (const bar of await page.getByTestId("output-progress").all()) await expect(bar).toHaveAttribute("data-status", "done");
    // The test server has no embeddings endpoint, like a chat-only model server: the triangle says so beside the default model's.
    if (slug === "similarity-not-transitive") await expect(notebook.outputs("triangle")).toContainText("No triangle from");
    if (slug === "retrieval-experiments") {
      await expect(notebook.outputs("compare")).not.toContainText("0 shared grid points");
      await expect(notebook.outputs("compare").getByTestId("output-table")).toBeVisible();
      // Each grid records the lesson that started it: the instructor's leaderboard groups by it.
      const { experiments } = (await (await page.request.get("/api/experiments")).json()) as { experiments: { id: string }[] };
      expect(experiments.length).toBeGreaterThan(0);
      for (const { id } of experiments) expect((await (await page.request.get(`/api/experiments/${id}`)).json()).notebook).toBe(slug);
    }
    // LESSON_SHOTS=<dir> keeps what the learner saw, at desktop and phone width, for review.
    if (process.env.LESSON_SHOTS) {
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: `${process.env.LESSON_SHOTS}/${slug}-${width}.png`, fullPage: true });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    // Runs are saved as they end; give the last save time to land before reloading.
    await page.waitForTimeout(1_500);
    await page.reload();
    await expect(page.getByTestId("notebook")).toBeVisible();
    await expectAllDone(page, slug, 15_000);
    for (const bar of await page.getByTestId("output-progress").all()) await expect(bar).toHaveAttribute("data-status", "done");
  });
}

import { expect, test } from "./support/fixtures";

test("a learner opens a lesson, edits a cell with completion, runs it and finds it all after a reload", async ({ page, notebook, browser, lab }) => {
  await page.goto("/");
  await page.getByTestId("lesson-link-notebook-basics").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Working in the lab notebook");

  // The code is readable before Monaco has loaded, then Monaco takes over.
  await expect(notebook.cell("hello")).toContainText("const learner");
  await notebook.replaceCode("hello", "const greeting = 'edited by the learner';\nlab.");
  const suggest = page.locator(".suggest-widget");
  await expect(suggest).toBeVisible({ timeout: 30_000 });
  await expect(suggest).toContainText("display");
  await page.keyboard.press("Escape");
  await page.keyboard.insertText("display(greeting.toUpperCase())");

  await page.keyboard.press("Shift+Enter");
  await expect(notebook.status("hello")).toHaveText("done");
  await expect(notebook.outputs("hello")).toContainText("EDITED BY THE LEARNER");
  await notebook.waitSaved();

  // A fresh browser profile sees the same edit and output.
  const fresh = await browser.newContext({ baseURL: lab.url });
  const again = await fresh.newPage();
  await again.goto("/lessons/notebook-basics");
  await expect(again.getByTestId("cell-hello")).toContainText("edited by the learner");
  await expect(again.getByTestId("cell-hello").getByTestId("cell-outputs")).toContainText("EDITED BY THE LEARNER");
  await fresh.close();
});

test("an edit survives a server restart and can be reset to the original", async ({ page, notebook, lab }) => {
  await notebook.open("notebook-basics");
  await notebook.replaceCode("reuse", "'kept across restarts'");
  await notebook.waitSaved();
  await lab.restart();
  await page.reload();
  await expect(notebook.cell("reuse")).toContainText("kept across restarts");

  await notebook.cell("reuse").getByTestId("cell-reset").click();
  await expect(notebook.cell("reuse")).toContainText("learner.toUpperCase()");
  await page.reload();
  await expect(notebook.cell("reuse")).toContainText("learner.toUpperCase()");
});

test("an edit made just before a reload is shown after it, even when its save lands late, and then saved", async ({ page, notebook, browser, lab }) => {
  await notebook.open("notebook-basics");
  // Every save of the cell is lost on the way, as when the one sent at unload lands after the reloaded page read the notebook.
  const saves = "**/api/notebooks/notebook-basics/cells/reuse";
  await page.route(saves, (r) => (r.request().method() === "PUT" ? r.abort() : r.continue()));
  await notebook.replaceCode("reuse", "'typed just before the reload'");
  await page.reload();
  await expect(notebook.cell("reuse")).toContainText("typed just before the reload");

  // With the server reachable again, the reloaded page saves the draft itself.
  await page.unroute(saves);
  await page.reload();
  await expect(notebook.cell("reuse")).toContainText("typed just before the reload");
  await notebook.waitSaved();
  const fresh = await browser.newContext({ baseURL: lab.url });
  const elsewhere = await fresh.newPage();
  await elsewhere.goto("/lessons/notebook-basics");
  await expect(elsewhere.getByTestId("cell-reuse")).toContainText("typed just before the reload");
  await fresh.close();
});

test("names flow between cells; an error stays in its cell with its line", async ({ notebook, page }) => {
  await notebook.open("notebook-basics");
  await page.getByTestId("run-all").click();
  await expect(notebook.status("forever")).toHaveText("running…");
  await page.getByTestId("stop").click();
  await expect(notebook.outputs("reuse")).toContainText("YOU");
  await expect(notebook.outputs("table").getByTestId("output-table")).toContainText("chunkSize");
  await expect(notebook.outputs("table").getByTestId("output-chart")).toBeVisible();
  const error = notebook.outputs("errors").getByTestId("output-error");
  await expect(error).toContainText("TypeError");
  await expect(error).toContainText("line 3");
  await expect(notebook.status("table")).toHaveText("done");
});

test("Stop ends an infinite loop within 2 seconds and offers to run the cells above", async ({ notebook, page }) => {
  await notebook.open("notebook-basics");
  await notebook.run("hello");
  await expect(notebook.status("hello")).toHaveText("done");
  await notebook.run("forever");
  await expect(notebook.status("forever")).toHaveText("running…");
  await page.waitForTimeout(500);

  const pressed = Date.now();
  await page.getByTestId("stop").click();
  await expect(notebook.status("forever")).toHaveText("error", { timeout: 2_000 });
  expect(Date.now() - pressed).toBeLessThan(2_000);
  await expect(page.getByTestId("kernel-banner")).toContainText("variables from earlier cells are gone");

  // The old kernel's names are gone until the cells above run again.
  await notebook.run("reuse");
  await expect(notebook.outputs("reuse").getByTestId("output-error")).toContainText("learner is not defined");
  await page.getByTestId("run-all").click();
  await page.getByTestId("stop").click({ trial: true });
  await expect(notebook.outputs("reuse")).toContainText("YOU");
});

test.describe("with a short cell time limit", () => {
  test.use({ serverEnv: { RAGCAMP_CELL_TIMEOUT_MS: "3000" } });

  test("a runaway cell is stopped by the timeout", async ({ notebook }) => {
    await notebook.open("notebook-basics");
    await notebook.replaceCode("reuse", "while (true) {}");
    await notebook.run("reuse");
    await expect(notebook.status("reuse")).toHaveText("error", { timeout: 8_000 });
    await expect(notebook.outputs("reuse")).toContainText("time limit");
  });

  test("a cell following a server job that reports progress runs past the limit", async ({ notebook }) => {
    await notebook.open("notebook-basics");
    await notebook.replaceCode(
      "reuse",
      'const talks = await lab.captions.dataset("google-talks", { only: ["tShDYA3NFVs", "hQVTIJBZook"] });\nconst started = Date.now();\nawait lab.ingest(talks, { kind: "token", size: 96, overlap: 0 });\n`ingested after ${Math.round((Date.now() - started) / 1000)} s`',
    );
    await notebook.run("reuse");
    await expect(notebook.status("reuse")).toHaveText("done", { timeout: 90_000 });
    // Longer than the 3 s limit, yet not stopped: the job kept reporting progress.
    const seconds = Number((await notebook.outputs("reuse").textContent())?.match(/ingested after (\d+) s/)?.[1]);
    expect(seconds).toBeGreaterThan(3);
  });
});

import { expect, test } from "./support/fixtures";
import { NotebookPage } from "./support/notebook-page";

// Two cohort learners, so the test can show one never sees the other's cells.
test.use({ serverEnv: { RAGCAMP_AUTH: "cohort" } });

test("a learner adds cells of their own below any cell, runs, moves, keeps and deletes them, and no one else sees them", async ({ browser, lab }) => {
  test.setTimeout(120_000);
  const signIn = async (name: string, viewport = { width: 1280, height: 900 }) => {
    const context = await browser.newContext({ baseURL: lab.url, viewport });
    const [cookie, value] = lab.addLearner(name).cookie.split("=");
    await context.addCookies([{ name: cookie, value, url: lab.url }]);
    return { context, notebook: new NotebookPage(await context.newPage()) };
  };
  const ana = await signIn("Ana");
  const nb = ana.notebook;
  const page = nb.page;
  await nb.open("notebook-basics");

  // Below a lesson cell, with "+ Cell": it sees the earlier cell's variables.
  await nb.run("hello");
  await expect(nb.status("hello")).toHaveText("done");
  const mine = await nb.addCellBelow("hello");
  expect(mine).toMatch(/^own_[a-z0-9]{12}$/);
  expect((await nb.cellIds()).slice(0, 3)).toEqual(["hello", mine, "reuse"]);
  await nb.replaceCode(mine, "`mine: ${learner.length * 7}`");
  await nb.waitSaved();
  await nb.run(mine);
  await expect(nb.outputs(mine)).toHaveText("mine: 21");

  // Below one's own cell, with B in command mode (Esc leaves the editor).
  await (await nb.editor(mine)).locator(".view-lines").click();
  await page.keyboard.press("Escape");
  await page.keyboard.press("b");
  await expect(nb.ownCells()).toHaveCount(2);
  const second = (await nb.ownIds()).find((id) => id !== mine)!;
  expect((await nb.cellIds()).slice(0, 4)).toEqual(["hello", mine, second, "reuse"]);
  // Never above the first lesson cell.
  await expect(nb.cell(mine).getByTestId("cell-up")).toBeDisabled();

  // Moved down past its sibling, then past the lesson cell below.
  await nb.moveOwn(mine, "down");
  await nb.moveOwn(mine, "down");
  expect((await nb.cellIds()).slice(0, 4)).toEqual(["hello", second, "reuse", mine]);

  // Saved: after a reload it is in its place, with its code and output.
  await expect(async () => {
    await page.reload();
    expect((await nb.cellIds()).slice(0, 4)).toEqual(["hello", second, "reuse", mine]);
  }).toPass();
  await expect(nb.cell(mine).getByTestId("cell-editor")).toContainText("learner.length * 7");
  await expect(nb.outputs(mine)).toHaveText("mine: 21");
  await expect(nb.status(mine)).toHaveText("done");

  // Run all runs own cells in place, after the lesson cells above them.
  await page.getByTestId("run-all").click();
  for (const id of ["hello", second, "reuse", mine, "table"]) await expect(nb.status(id)).toHaveText("done", { timeout: 20_000 });

  // Deleting asks first; Cancel keeps the cell.
  await nb.cell(second).getByTestId("cell-delete").click();
  await expect(nb.cell(second).getByTestId("cell-delete-confirm")).toBeVisible();
  await nb.cell(second).getByRole("button", { name: "Cancel" }).click();
  await expect(nb.cell(second)).toBeVisible();
  await nb.deleteOwn(second);
  await expect(async () => {
    await page.reload();
    expect(await nb.ownIds()).toEqual([mine]);
  }).toPass();

  // Another learner in the cohort sees none of it, on the page or through the API.
  const ben = await signIn("Ben", { width: 390, height: 844 });
  await ben.notebook.open("notebook-basics");
  await expect(ben.notebook.ownCells()).toHaveCount(0);
  await expect(ben.notebook.cell(mine)).toHaveCount(0);
  const benState = await (await ben.notebook.page.request.get("/api/notebooks/notebook-basics")).json();
  expect(benState.own).toEqual([]);
  expect(JSON.stringify(benState)).not.toContain(mine);
  const origin = { origin: lab.url };
  expect((await ben.notebook.page.request.put(`/api/notebooks/notebook-basics/own/${mine}`, { headers: origin, data: { code: "'taken'" } })).status()).toBe(404);
  expect((await ben.notebook.page.request.put(`/api/notebooks/notebook-basics/runs/${mine}`, { headers: origin, data: { status: "done", outputs: [], elapsedMs: 1 } })).status()).toBe(404);

  // At 390 px, an own cell's head wraps and nothing scrolls sideways.
  await ben.notebook.addCellBelow("hello");
  expect(await ben.notebook.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await Promise.all([ana.context.close(), ben.context.close()]);
});

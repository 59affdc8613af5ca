import { expect, test } from "./support/fixtures";

test("typing at 5 ms a key keeps every keystroke", async ({ notebook, page }) => {
  await notebook.open("notebook-basics");
  const editor = await notebook.editor("reuse");
  await editor.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  const typed = "const typedFast = 'the quick brown fox jumps over the lazy dog 1234567890'.length * 3; typedFast + 17";
  await page.keyboard.type(typed, { delay: 5 });
  await notebook.waitSaved();
  await notebook.run("reuse");
  await expect(notebook.outputs("reuse")).toHaveText(String("the quick brown fox jumps over the lazy dog 1234567890".length * 3 + 17));
  await page.reload();
  await expect(notebook.cell("reuse").getByTestId("cell-editor")).toContainText("typedFast + 17");
  await notebook.run("reuse");
  await expect(notebook.outputs("reuse")).toHaveText(String("the quick brown fox jumps over the lazy dog 1234567890".length * 3 + 17));
});

test("Run all on notebook-basics ends with every cell run: its deliberate error and endless loop fail where the lesson marks them", async ({ notebook, page }) => {
  await notebook.open("notebook-basics");
  const started = Date.now();
  await page.getByTestId("run-all").click();
  for (const id of ["hello", "reuse", "table", "errors", "forever"]) await expect(notebook.status(id)).toHaveText("done", { timeout: 20_000 });
  expect(Date.now() - started).toBeLessThan(20_000);
  await expect(notebook.outputs("errors")).toContainText("as this lesson means it to");
  await expect(notebook.outputs("forever")).toContainText("time limit");
  await expect(page.getByTestId("halt-banner")).toBeHidden();
});

test("Run all stops at the first error, says where, and can run the rest anyway", async ({ notebook, page }) => {
  await notebook.open("notebook-basics");
  await notebook.replaceCode("reuse", 'throw new RangeError("not this time")');
  await notebook.waitSaved();
  await page.getByTestId("run-all").click();
  await expect(notebook.status("reuse")).toHaveText("error");
  await expect(page.getByTestId("halt-banner")).toContainText("Run all stopped at cell [2] (reuse)");
  await expect(notebook.status("table")).toHaveText("idle");
  await page.getByTestId("run-rest").click();
  await expect(notebook.status("table")).toHaveText("done");
  await expect(notebook.status("errors")).toHaveText("done");
});

test("a cell marked to fail that succeeds is an error that says so", async ({ notebook }) => {
  await notebook.open("notebook-basics");
  await notebook.replaceCode("errors", "1 + 1");
  await notebook.run("errors");
  await expect(notebook.status("errors")).toHaveText("error");
  await expect(notebook.outputs("errors").getByTestId("output-error")).toContainText("meant to fail with TypeError");
});

test("a cell that kills its kernel is reported as dead with Restart; a polluted prototype breaks nothing", async ({ notebook, page }) => {
  await notebook.open("notebook-basics");
  // Taking over the message handler no longer cuts the kernel off.
  await notebook.replaceCode("hello", "self.onmessage = () => {}; Object.prototype.isAdmin = true; 'taken over'");
  await notebook.run("hello");
  await expect(notebook.status("hello")).toHaveText("done");
  await notebook.replaceCode("reuse", "const later: number = 40; later + 2");
  await notebook.run("reuse");
  await expect(notebook.outputs("reuse")).toHaveText("42");

  await notebook.replaceCode("hello", "self.close()");
  await notebook.run("hello");
  await notebook.run("reuse");
  const banner = page.getByTestId("kernel-banner");
  await expect(banner).toContainText("The kernel died", { timeout: 10_000 });
  await expect(notebook.outputs("reuse").getByTestId("output-error")).toContainText("KernelDied");
  await banner.getByTestId("dead-restart").click();
  await notebook.run("reuse");
  await expect(notebook.outputs("reuse")).toHaveText("42");
});

test("Restart asks first; I I interrupts and 0 0 restarts from outside the editor; a busy cell shows a running timer", async ({ notebook, page }) => {
  await notebook.open("notebook-basics");
  await expect(page.getByTestId("stop")).toContainText("I I");
  await expect(page.getByTestId("restart")).toContainText("0 0");
  await notebook.run("hello");
  await expect(notebook.status("hello")).toHaveText("done");
  await page.getByTestId("restart").click();
  await expect(page.getByTestId("restart-confirm")).toContainText("Every variable your cells defined is discarded");
  await page.getByTestId("restart-confirm").getByText("Cancel").click();
  await notebook.run("reuse");
  await expect(notebook.outputs("reuse")).toHaveText("YOU");

  await notebook.replaceCode("forever", "while (true) {}");
  await notebook.run("forever");
  await expect(notebook.cell("forever").getByTestId("cell-timer")).toHaveText(/\d/);
  const first = await notebook.cell("forever").getByTestId("cell-timer").textContent();
  await page.waitForTimeout(700);
  expect(await notebook.cell("forever").getByTestId("cell-timer").textContent()).not.toBe(first);
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("i");
  await page.keyboard.press("i");
  await expect(notebook.status("forever")).toHaveText("error", { timeout: 2_000 });

  await page.keyboard.press("0");
  await page.keyboard.press("0");
  await page.getByTestId("restart-yes").click();
  await expect(page.getByTestId("kernel-banner")).toContainText("variables from earlier cells are gone");
});

test("one output or all outputs can be cleared, and stay cleared after a reload", async ({ notebook, page }) => {
  await notebook.open("notebook-basics");
  await page.getByTestId("run-all").click();
  await expect(notebook.status("table")).toHaveText("done", { timeout: 20_000 });
  await expect(notebook.status("forever")).toHaveText("done", { timeout: 20_000 });
  await notebook.cell("hello").getByTestId("cell-clear").click();
  await expect(notebook.outputs("hello")).toHaveCount(0);
  await expect(notebook.outputs("table")).toBeVisible();
  await page.getByTestId("clear-all").click();
  await expect(page.getByTestId("cell-outputs")).toHaveCount(0);
  await page.waitForTimeout(500);
  await page.reload();
  await expect(notebook.status("table")).toHaveText("done");
  await expect(page.getByTestId("cell-outputs")).toHaveCount(0);
});

test("a cell that needs a chat model ends in 'needs a model' and Run all goes on past it", async ({ notebook, page }) => {
  await notebook.open("notebook-basics");
  await notebook.replaceCode("reuse", 'await lab.llm.chat("Say hello")');
  await notebook.waitSaved();
  await page.getByTestId("run-all").click();
  await expect(notebook.status("reuse")).toHaveText("needs a model", { timeout: 20_000 });
  await expect(notebook.cell("reuse").getByTestId("needs-model")).toContainText("Configure a chat model");
  await expect(notebook.status("table")).toHaveText("done", { timeout: 20_000 });
});

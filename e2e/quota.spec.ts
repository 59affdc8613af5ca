import type { Browser } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import type { LabServer } from "./support/lab-server";
import { NotebookPage } from "./support/notebook-page";

test.use({ chatModel: {}, serverEnv: { RAGCAMP_AUTH: "cohort", RAGCAMP_LEARNER_TOKEN_BUDGET: "100000" } });

/** A learner added by the instructor's CLI and signed in with their join link, in a browser of their own: the one place the join flow is spelt out. */
async function joinAs(browser: Browser, lab: LabServer, name: string) {
  const { joinUrl, learner } = lab.cli<{ joinUrl: string; learner: { id: string } }>("learner", "add", name);
  const context = await browser.newContext({ baseURL: lab.url });
  const page = await context.newPage();
  await page.goto(joinUrl);
  await page.getByTestId("join-button").click();
  await expect(page.getByTestId("lesson-list")).toBeVisible();
  return { id: learner.id, page, notebook: new NotebookPage(page), close: () => context.close() };
}

test("a learner past their token budget gets the quota message in the notebook, and the model is not called; the next learner is unaffected", async ({ browser, lab, llm }) => {
  const ana = await joinAs(browser, lab, "Ana");
  const ben = await joinAs(browser, lab, "Ben");
  // The instructor lowers Ana's budget below what one call reserves, while the server runs.
  expect(lab.cli("quota", "set", ana.id, "20")).toMatchObject({ ok: true, budget: 20 });

  await ana.notebook.open("grounded-answers");
  await ana.notebook.run("hello-model");
  await expect(ana.notebook.outputs("hello-model")).toContainText("You have used your 20-token budget for this cohort; ask your instructor to raise it.");
  expect(llm.requests).toHaveLength(0);
  expect(await (await ana.page.request.get("/api/quota")).json()).toEqual({ used: 0, reserved: 0, budget: 20 });
  await expect(ana.page.getByTestId("tokens-left")).toHaveText("20 of 20 model tokens left");

  llm.enqueue({ content: "Retrieval-augmented generation answers from retrieved text." });
  await ben.notebook.open("grounded-answers");
  await ben.notebook.run("hello-model");
  await expect(ben.notebook.status("hello-model")).toHaveText("done", { timeout: 30_000 });
  await expect(ben.notebook.outputs("hello-model")).toContainText("Retrieval-augmented generation answers from retrieved text.");
  expect(llm.requests).toHaveLength(1);
  const benUsage = (await (await ben.page.request.get("/api/quota")).json()) as { used: number; reserved: number; budget: number };
  expect(benUsage).toMatchObject({ reserved: 0, budget: 100_000 });
  expect(benUsage.used).toBeGreaterThan(0);
  await expect(ben.page.getByTestId("tokens-left")).toHaveText(`${(100_000 - benUsage.used).toLocaleString("en-US")} of 100,000 model tokens left`);
  await Promise.all([ana.close(), ben.close()]);
});

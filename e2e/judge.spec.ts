import { expect, test } from "./support/fixtures";
import { scriptedModel } from "./support/scripted-model";

test.use({ chatModel: { respond: scriptedModel() } });

test("a learner judges two grid points with three judges and 3 repeats, compares them, and overrules a verdict", async ({ page, notebook, llm }) => {
  test.setTimeout(240_000);
  await notebook.open("grounded-answers");
  await notebook.run("judge-grid");
  await expect(notebook.status("judge-grid")).toHaveText("done", { timeout: 200_000 });
  const out = notebook.outputs("judge-grid");
  // Per judge run: the summary table, the score bars with intervals and the distribution.
  await expect(out.getByTestId("output-table").filter({ hasText: "rubric:style" })).toHaveCount(2);
  await expect(out).toContainText("Items per score range");
  await expect(out).toContainText("Mean judge score with 95% interval");
  // Every answer came from the model, with the retrieved passages in the prompt.
  const answerPrompts = llm.requests.filter((r) => String(r.body?.messages.at(-1)?.content).includes("Excerpts:"));
  expect(answerPrompts).toHaveLength(10);

  await notebook.run("compare-runs");
  await expect(notebook.status("compare-runs")).toHaveText("done");
  const comparison = notebook.outputs("compare-runs");
  await expect(comparison.getByTestId("output-table")).toContainText("hit@k");
  await expect(comparison.getByTestId("output-table")).toContainText("tokens (in + out)");
  await expect(comparison).toContainText("next to retrieval metrics");
  await expect(comparison).toContainText("Tokens per run");

  // Both runs are stored, with what each cost.
  await notebook.run("judge-runs");
  await expect(notebook.outputs("judge-runs")).toContainText("token 384/0 bm25 k=3");
  await expect(notebook.outputs("judge-runs")).toContainText("Tokens per run");

  // Overrule one claim of the first run, agree with another: kappa appears and survives a reload.
  const review = out.getByTestId("claims-review").first();
  // The passages the judge saw are there to check its verdicts against.
  await review.getByText("The 3 passages the judge checked against").first().click();
  await expect(review.locator(".claims-contexts li").first()).not.toBeEmpty();
  await review.getByTestId("claim-overrule").first().click();
  await review.getByTestId("claim-agree").nth(1).click();
  await expect(review.getByTestId("kappa")).toContainText("κ");
  await page.screenshot({ path: "test-results/judge.png", fullPage: true });
  await page.reload();
  await expect(notebook.outputs("judge-grid").getByTestId("claims-review").first().getByTestId("kappa")).toContainText("κ");

  // A replacement prompt without the placeholders its judge needs is refused before any model call, by name.
  const calls = llm.requests.length;
  await notebook.replaceCode(
    "judge-prompts",
    'await lab.judge.run({ items: [{ id: "x", question: "q", answer: "a", contexts: [] }], judges: ["relevancy"], templates: { relevancy: "Rate it." } });',
  );
  await notebook.run("judge-prompts");
  await expect(notebook.outputs("judge-prompts").getByTestId("output-error")).toContainText("The relevancy template is missing the placeholders {question}, {answer}");
  expect(llm.requests.length).toBe(calls);
});

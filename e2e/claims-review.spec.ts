import { expect, test } from "./support/fixtures";

const claim = (text: string, supported: boolean) => ({ claim: text, supported, reason: supported ? "The passage says so." : "No passage mentions it." });

/** A judge run as lab.judge.run returns it, written by hand: one item, four claims (judge: S S U S). */
const run = {
  id: "e2e-judge-run",
  repeats: 1,
  samples: [{ id: "q1", question: "What does the talk say about RAG?", answer: "RAG retrieves passages and cites them. It was invented in 1990.", contexts: ["RAG retrieves passages."] }],
  judges: [
    {
      judge: "faithfulness",
      scale: { min: 0, max: 1 },
      modelId: "hand-written",
      overall: { n: 1, mean: 0.75, std: null, ci: null },
      counts: { ok: 1, failed: {}, skipped: {}, calls: 0 },
      items: [
        {
          id: "q1",
          n: 1,
          mean: 0.75,
          std: null,
          ci: null,
          undecided: false,
          failures: [],
          details: [{ claims: [claim("RAG retrieves passages", true), claim("RAG cites its passages", true), claim("RAG was invented in 1990", false), claim("RAG answers questions", true)] }],
        },
      ],
    },
  ],
};

test("a learner agrees with or overrules the judge per claim, sees kappa update, and finds it all after a reload", async ({ notebook, page, lab }) => {
  await notebook.open("notebook-basics");
  await notebook.replaceCode("reuse", `lab.judge.review(${JSON.stringify(run)} as unknown as JudgeResults);`);
  await notebook.run("reuse");
  await expect(notebook.status("reuse")).toHaveText("done");

  const view = notebook.outputs("reuse").getByTestId("claims-review");
  const rows = view.getByTestId("claim-row");
  const kappa = view.getByTestId("kappa");
  await expect(rows).toHaveCount(4);
  await expect(view).toContainText("What does the talk say about RAG?");
  await expect(rows.nth(2)).toContainText("unsupported");
  await expect(rows.nth(2)).toContainText("No passage mentions it.");
  await expect(kappa).toContainText("κ undefined");
  await expect(kappa).toContainText("0 claims reviewed");

  // One review, the same label on both sides: kappa is undefined, and says why.
  await rows.nth(0).getByTestId("claim-agree").click();
  await expect(kappa).toContainText("κ undefined: Both raters gave every item the same label (supported)");
  await expect(rows.nth(0).getByTestId("claim-agree")).toHaveAttribute("aria-pressed", "true");

  // (S,S) (U,S): observed 0.5, chance 0.5.
  await rows.nth(1).getByTestId("claim-overrule").click();
  await expect(kappa).toContainText("κ = 0.00 (observed 0.50, chance 0.50, 2 claims reviewed)");
  // The keyboard works too: the buttons are real buttons.
  await rows.nth(2).getByTestId("claim-agree").focus();
  await page.keyboard.press("Enter");
  await expect(rows.nth(2).getByTestId("claim-agree")).toHaveAttribute("aria-pressed", "true");
  await rows.nth(3).getByTestId("claim-agree").click();
  // (S,S) (U,S) (U,U) (S,S): observed 0.75, chance (2·3 + 2·1)/16 = 0.5, kappa 0.5.
  const expected = "κ = 0.50 (observed 0.75, chance 0.50, 4 claims reviewed)";
  await expect(kappa).toContainText(expected);
  await expect(rows.nth(1).getByTestId("claim-overrule")).toHaveAttribute("aria-pressed", "true");
  await expect(rows.nth(1).getByTestId("claim-agree")).toHaveAttribute("aria-pressed", "false");
  await notebook.waitSaved();

  await page.reload();
  await expect(notebook.outputs("reuse").getByTestId("claims-review")).toBeVisible();
  await expect(kappa).toContainText(expected);
  await expect(rows.nth(0)).toHaveAttribute("data-review", "agree");
  await expect(rows.nth(1)).toHaveAttribute("data-review", "overrule");
  await expect(rows.nth(2)).toHaveAttribute("data-review", "agree");
  await expect(rows.nth(3).getByTestId("claim-agree")).toHaveAttribute("aria-pressed", "true");

  // Pressing Agree again takes the review back: (S,S) (U,S) (U,U) gives kappa 0.4.
  await rows.nth(3).getByTestId("claim-agree").click();
  await expect(rows.nth(3)).toHaveAttribute("data-review", "none");
  await expect(kappa).toContainText("κ = 0.40 (observed 0.67, chance 0.44, 3 claims reviewed)");
  const saved = await (await page.request.get("/api/judge/reviews")).json();
  expect(saved.reviews.map((r: { key: string; learnerLabel: string }) => [r.key, r.learnerLabel]).sort()).toEqual([
    ["e2e-judge-run|q1|0", "supported"],
    ["e2e-judge-run|q1|1", "unsupported"],
    ["e2e-judge-run|q1|2", "unsupported"],
  ]);
  expect(saved.agreement.kappa).toBeCloseTo(0.4, 10);

  // Labels are checked on the server.
  const bad = await page.request.post("/api/judge/reviews", { headers: { origin: lab.url }, data: { key: "x|y|0", claim: "c", judgeLabel: "supported", learnerLabel: "maybe" } });
  expect(bad.status()).toBe(400);
});

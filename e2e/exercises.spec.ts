import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { expect, test } from "./support/fixtures";

const LESSONS_DIR = path.join(process.cwd(), "lessons");
const MODULES_DIR = path.join(process.cwd(), "lib/exercises/lessons");
const slugs = fs.readdirSync(LESSONS_DIR).filter((f) => f.endsWith(".md")).map((f) => /^slug: (.+)$/m.exec(fs.readFileSync(path.join(LESSONS_DIR, f), "utf8"))![1]);

/**
 * Every piece of text in the server-only exercise modules (hints, solutions,
 * explanations, the checks' reasons and declared wrong answers) that is not
 * in a lesson file already. The modules import "server-only", so they are
 * read as source rather than imported.
 */
function secretTexts(): string[] {
  const lessonText = fs.readdirSync(LESSONS_DIR).map((f) => fs.readFileSync(path.join(LESSONS_DIR, f), "utf8")).join("\n");
  const out = new Set<string>();
  for (const file of fs.readdirSync(MODULES_DIR)) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(MODULES_DIR, file), "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isImportDeclaration(node)) return;
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
        // Long enough to be a sentence or a query, and stripped of layout.
        for (const line of node.text.split("\n").map((l) => l.trim())) if (line.length >= 24 && !lessonText.includes(line)) out.add(line);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...out];
}

test("no hint, solution or check text reaches a learner before it is earned; a failed attempt then earns exactly one hint", async ({ request, lab }) => {
  const secrets = secretTexts();
  expect(secrets.length).toBeGreaterThan(50);
  const bodies: [string, string][] = [];
  const get = async (url: string, headers?: Record<string, string>) => {
    const res = await request.get(url, { headers });
    expect(res.status(), url).toBe(200);
    return res.text();
  };
  for (const slug of slugs) {
    bodies.push([`page ${slug}`, await get(`/lessons/${slug}`)]);
    // The server-component payload the client router fetches.
    bodies.push([`RSC ${slug}`, await get(`/lessons/${slug}`, { RSC: "1" })]);
    for (const url of [`/api/exercises?lesson=${slug}`, `/api/notebooks/${slug}`]) bodies.push([url, await get(url)]);
  }
  for (const url of ["/", "/api/progress", "/api/lessons"]) bodies.push([url, await get(url)]);
  // The pages carry each exercise's prompt, so a scan that finds nothing is not an empty page.
  expect(bodies.find(([w]) => w === "page knowledge-graph-qa")![1]).toContain("completed");
  for (const [where, body] of bodies) {
    for (const s of secrets) expect(body.includes(s), `${where} contains "${s}"`).toBe(false);
  }

  // Non-vacuous: the same scan finds a hint once an attempt has earned it, with that attempt's reason, and nothing more.
  const r = await request.post("/api/exercises/cosine-three-four/attempt", { data: { value: "24" }, headers: { origin: lab.url } });
  expect(r.status()).toBe(200);
  const verdict = (await r.json()) as { passed: boolean; reason: string; hint: string };
  expect(verdict).toMatchObject({ passed: false, reason: expect.stringMatching(/dot product/) });
  const after = await (await request.get("/api/exercises?lesson=similarity-by-hand")).text();
  expect(secrets.filter((s) => after.includes(s)).sort()).toEqual([verdict.hint, verdict.reason].sort());
});

test("a learner tries an exercise, gets a hint, passes it, views a solution, answers a prediction and sees progress follow", async ({ page, notebook, request }) => {
  await notebook.open("similarity-by-hand");
  const ex = page.getByTestId("exercise-cosine-three-four");
  await ex.getByTestId("exercise-check").click();
  await expect(ex.getByTestId("exercise-note")).toContainText('Run cell "cosine" first');

  await notebook.run("cosine");
  await expect(notebook.status("cosine")).toHaveText("done");
  await ex.getByTestId("exercise-check").click();
  await expect(ex.getByTestId("exercise-verdict")).toContainText("lesson's own pair");
  await expect(ex.getByTestId("exercise-hints").locator("li")).toHaveCount(1);

  // The first run defined cosine in the kernel; the edited cell calls it with the new vectors.
  await notebook.replaceCode("cosine", "cosine([3, 4], [4, 3])");
  await notebook.run("cosine");
  await expect(notebook.outputs("cosine")).toContainText("0.96");
  await ex.getByTestId("exercise-check").click();
  await expect(ex).toHaveAttribute("data-status", "passed");

  const predict = page.getByTestId("exercise-lowest-pair");
  await predict.getByLabel("A and C").check();
  await predict.getByTestId("exercise-check").click();
  await expect(predict).toHaveAttribute("data-status", "answered");
  await expect(predict.getByTestId("exercise-explanation")).toContainText("You predicted: A and C");

  const bridge = page.getByTestId("exercise-bridge-both");
  await bridge.getByTestId("exercise-solution").click();
  await bridge.getByTestId("exercise-solution-yes").click();
  await expect(bridge).toHaveAttribute("data-status", "solution-viewed");
  await expect(bridge.getByTestId("exercise-solution-text")).toContainText("texts");

  // The lesson's last exercise; until it is answered the lesson is not complete.
  await expect(page.getByTestId("progress-similarity-by-hand")).toHaveAttribute("data-complete", "false");
  const words = page.getByTestId("exercise-no-shared-words");
  await words.getByLabel("0: they share no word").check();
  await words.getByTestId("exercise-check").click();
  await expect(words).toHaveAttribute("data-status", "answered");

  await expect(page.getByTestId("progress-similarity-by-hand")).toHaveAttribute("data-complete", "true");
  await page.reload();
  await expect(page.getByTestId("exercise-cosine-three-four")).toHaveAttribute("data-status", "passed");
  const progress = (await (await request.get("/api/progress")).json()) as { lessons: Record<string, { complete: boolean; cellsRun: number; exercises: { id: string; attempts: number; hintsUsed: number; solutionViewed: boolean }[] }> };
  expect(progress.lessons["similarity-by-hand"]).toMatchObject({
    complete: true,
    cellsRun: 1,
    exercises: [
      { id: "cosine-three-four", attempts: 2, hintsUsed: 1, solutionViewed: false },
      { id: "lowest-pair", attempts: 1 },
      { id: "bridge-both", attempts: 0, solutionViewed: true },
      { id: "no-shared-words", attempts: 1 },
    ],
  });
  expect(progress.lessons["notebook-basics"].complete).toBe(false);
});

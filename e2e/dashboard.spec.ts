import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { freshDatabase, startPostgres } from "../lib/testing/postgres";
import type { OpenAITestServer } from "../lib/testing/openai-test-server";
import { LabServer } from "./support/lab-server";

// A chat model, so that a reached quota can stop a learner's model calls.
test.use({ chatModel: {} });

/** `ragcamp cohort create` and the instructor's one-time link, opened in a browser of their own. */
async function instructorBrowser(browser: Browser, lab: LabServer): Promise<{ context: BrowserContext; page: Page }> {
  const { signInUrl } = lab.cli<{ signInUrl: string }>("cohort", "create", "Winter 2026");
  const context = await browser.newContext({ baseURL: lab.url });
  const page = await context.newPage();
  await page.goto(signInUrl);
  await expect(page.getByTestId("lesson-list")).toBeVisible();
  return { context, page };
}

/** A learner opens their join link in a browser of their own and presses Join. */
async function joinWith(browser: Browser, lab: LabServer, joinUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: lab.url });
  const page = await context.newPage();
  await page.goto(joinUrl);
  await page.getByTestId("join-button").click();
  await expect(page.getByTestId("lesson-list")).toBeVisible();
  return context;
}

const failedRun = { status: "error", outputs: [{ kind: "error", name: "ReferenceError", message: "cosin is not defined" }], elapsedMs: 4 };

/** The "done when", in one run: every step through the browser the instructor or a learner would use. */
async function cohortStory(browser: Browser, lab: LabServer, llm: OpenAITestServer) {
  const instructor = await instructorBrowser(browser, lab);
  const page = instructor.page;
  await page.getByTestId("dashboard-link").click();
  await expect(page.getByTestId("cohort-empty")).toBeVisible();
  await page.getByTestId("invite-names").fill("Ana\nBen");
  await page.getByTestId("invite-submit").click();
  const links = page.getByTestId("invited-links").locator("code");
  await expect(links).toHaveCount(2);
  const [anaUrl, benUrl] = await links.allTextContents();
  expect(anaUrl).toMatch(new RegExp(`^${lab.url}/join/`));
  await expect(page.getByTestId("cohort-grid")).toContainText("Ana");

  const ana = await joinWith(browser, lab, anaUrl);
  const ben = await joinWith(browser, lab, benUrl);
  const headers = { origin: lab.url };
  // Ana passes an exercise, leaves a failing cell and asks the model once; Ben saves an edit.
  expect((await ana.request.post("/api/exercises/cosine-three-four/attempt", { data: { value: 0.96 }, headers })).ok()).toBe(true);
  expect((await ana.request.put("/api/notebooks/similarity-by-hand/runs/cosine", { data: failedRun, headers })).ok()).toBe(true);
  llm.enqueue({ content: "Retrieval-augmented generation." });
  expect((await ana.request.post("/api/llm/chat", { data: { messages: [{ role: "user", content: "What is RAG?" }] }, headers })).status()).toBeLessThan(300);
  expect((await ben.request.put("/api/notebooks/notebook-basics/cells/hello", { data: { code: "'Ben was here'" }, headers })).ok()).toBe(true);
  // Ana has a collection of her own, and a second ingestion under way when the reset comes.
  const ingest = (size: number) => ana.request.post("/api/ingest", { headers, data: { source: { kind: "dataset", name: "google-talks", only: ["bDgD9whDfEY"] }, chunker: { kind: "token", size, overlap: 0 } } });
  const first = await (await ingest(128)).json();
  await expect.poll(async () => (await (await ana.request.get(`/api/jobs/${first.id}`)).json()).status, { timeout: 90_000 }).toBe("done");
  const own = async () => (await (await ana.request.get("/api/collections")).json()).collections.filter((c: { shared: boolean }) => !c.shared);
  expect(await own()).toHaveLength(1);

  await page.reload();
  await expect(page.getByTestId("cohort-cell-ana-similarity-by-hand")).toContainText("1/");
  await expect(page.getByTestId("cohort-cell-ben-similarity-by-hand")).toContainText("0/");
  await expect(page.getByTestId("cohort-trouble")).toContainText("ReferenceError: cosin is not defined");
  await expect(page.getByTestId("cohort-tokens-ana")).not.toContainText(/^0/);
  await expect(page.getByTestId("cohort-tokens-ben")).toContainText(/^0/);

  const csv = await (await instructor.context.request.get("/api/cohort/export")).text();
  expect(csv.split("\n").find((r) => r.startsWith('"ana","Ana","similarity-by-hand"'))).toMatch(/^"ana","Ana","similarity-by-hand",1,\d+,1,/);
  expect(lab.cli<{ csv: string }>("cohort", "export").csv).toBe(csv);

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    // Charts size themselves at load: a resized page is measured afresh.
    await page.reload();
    await expect(page.getByTestId("cohort-grid")).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`dashboard-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // A typo leaves the budget as it was (it once went back to "none").
  page.once("dialog", (d) => void d.accept("abc"));
  await page.getByTestId("cohort-budget-ana").click();
  await expect(page.getByTestId("cohort-notice")).toContainText(`"abc" is not a number of tokens`);

  // A budget below what one call reserves: Ana's next model call is refused with the quota's message.
  page.once("dialog", (d) => void d.accept("10"));
  await page.getByTestId("cohort-budget-ana").click();
  await expect(page.getByTestId("cohort-notice")).toContainText("Ana's budget is now 10 tokens");
  const refused = await ana.request.post("/api/llm/chat", { data: { messages: [{ role: "user", content: "And again?" }] }, headers });
  expect(refused.status()).toBe(429);
  expect((await refused.json()).error.message).toMatch(/budget/);

  // One lesson back to the start (L3, similarity by hand): its exercise and failing cell go, Ana's collection stays.
  page.once("dialog", (d) => void d.accept("3"));
  await page.getByTestId("cohort-reset-lesson-ana").click();
  await expect(page.getByTestId("cohort-notice")).toContainText('Reset Ana\'s lesson "Similarity by hand');
  await expect(page.getByTestId("cohort-cell-ana-similarity-by-hand")).toContainText("0/");
  await expect(page.getByTestId("cohort-trouble")).not.toContainText("cosin is not defined");
  expect(await own()).toHaveLength(1);

  expect((await ingest(256)).ok()).toBe(true);
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("cohort-reset-ana").click();
  await expect(page.getByTestId("cohort-notice")).toContainText(/Reset Ana: \d job\(s\) stopped, 1 collection\(s\) deleted/);
  await expect(page.getByTestId("cohort-cell-ana-similarity-by-hand")).toContainText("0/");
  await expect(page.getByTestId("cohort-trouble")).not.toContainText("cosin is not defined");

  // Ana starts again from nothing; Ben's edit is still his.
  expect(await (await ana.request.get("/api/notebooks/similarity-by-hand")).json()).toMatchObject({ cells: {}, runs: {} });
  expect(await own()).toEqual([]);
  expect((await (await ana.request.get("/api/jobs")).json()).jobs).toEqual([]);
  expect((await (await ben.request.get("/api/notebooks/notebook-basics")).json()).cells.hello.code).toBe("'Ben was here'");

  // Signing Ana out everywhere ends her session; Ben's goes on.
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("cohort-revoke-ana").click();
  await expect(page.getByTestId("cohort-notice")).toContainText("Ended 1 session(s) of Ana");
  expect((await ana.request.get("/api/notebooks/similarity-by-hand")).status()).toBe(401);
  expect((await ben.request.get("/api/notebooks/notebook-basics")).status()).toBe(200);
  await Promise.all([ana.close(), ben.close(), instructor.context.close()]);
}

test("the instructor invites two learners from the dashboard, follows their progress, trouble and spend, exports it, and resets one without touching the other", async ({ browser, lab, llm }) => {
  test.setTimeout(240_000);
  await cohortStory(browser, lab, llm);
});

test.describe("on PostgreSQL", () => {
  let cluster: Awaited<ReturnType<typeof startPostgres>>;
  test.beforeAll(async () => {
    cluster = await startPostgres();
  });
  test.afterAll(async () => {
    await cluster?.stop();
  });

  test("the same cohort story, with the app database on PostgreSQL", async ({ browser, llm }) => {
    test.setTimeout(240_000);
    const lab = new LabServer({ DATABASE_URL: await freshDatabase(cluster.url, "e2e_dashboard"), OPENAI_BASE_URL: llm.baseUrl, RAGCAMP_CHAT_MODEL: "test-model" });
    await lab.start();
    try {
      await cohortStory(browser, lab, llm);
    } finally {
      await lab.dispose();
    }
  });
});

test("learners cannot open the dashboard, its data, the export, an invite, a budget or a reset", async ({ browser, lab }) => {
  const instructor = await instructorBrowser(browser, lab);
  const [{ joinUrl: anaUrl }, { learner: ben }] = lab.cli<{ invited: { joinUrl: string; learner: { id: string } }[] }>("invite", "Ana", "Ben").invited;
  const ana = await joinWith(browser, lab, anaUrl);
  const page = await ana.newPage();
  await page.goto("/");
  await expect(page.getByTestId("lesson-list")).toBeVisible();
  await expect(page.getByTestId("dashboard-link")).toHaveCount(0);
  const res = await page.goto("/instructor");
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toBeVisible();
  for (const url of ["/api/cohort", "/api/cohort/export"]) expect((await ana.request.get(url)).status()).toBe(403);
  const headers = { origin: lab.url };
  expect((await ana.request.post(`/api/cohort/learners/${ben.id}/reset`, { headers })).status()).toBe(403);
  expect((await ana.request.post(`/api/cohort/learners/ana/budget`, { headers, data: { tokens: 1_000_000 } })).status()).toBe(403);
  expect((await ana.request.post("/api/cohort/invite", { headers, data: { names: ["Mallory"] } })).status()).toBe(403);
  // The instructor's own actions need the lab's Origin like every other write.
  expect((await instructor.context.request.post(`/api/cohort/learners/${ben.id}/reset`, { headers: { origin: "http://evil.example" } })).status()).toBe(403);
  await Promise.all([ana.close(), instructor.context.close()]);
});

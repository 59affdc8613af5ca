import type { Browser, BrowserContext } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import type { LabServer } from "./support/lab-server";

test.use({ serverEnv: { RAGCAMP_AUTH: "cohort" } });

/** A learner's browser, signed in as a cohort member. */
async function learnerBrowser(browser: Browser, lab: LabServer, name: string): Promise<{ id: string; context: BrowserContext }> {
  const { id, cookie } = lab.addLearner(name);
  const context = await browser.newContext({ baseURL: lab.url });
  const [key, value] = cookie.split("=");
  await context.addCookies([{ name: key, value, url: lab.url }]);
  return { id, context };
}

const failedRun = { status: "error", outputs: [{ kind: "error", name: "ReferenceError", message: "cosin is not defined" }], elapsedMs: 4 };

test("the instructor sees each learner's progress and trouble, exports it, and resets one learner without touching the other", async ({ browser, lab }) => {
  test.setTimeout(180_000);
  const ana = await learnerBrowser(browser, lab, "Ana");
  const ben = await learnerBrowser(browser, lab, "Ben");
  const headers = { origin: lab.url };
  // Ana passes an exercise and leaves a failing cell; Ben saves an edit.
  expect((await ana.context.request.post("/api/exercises/cosine-three-four/attempt", { data: { value: 0.96 }, headers })).ok()).toBe(true);
  expect((await ana.context.request.put("/api/notebooks/similarity-by-hand/runs/cosine", { data: failedRun, headers })).ok()).toBe(true);
  expect((await ben.context.request.put("/api/notebooks/notebook-basics/cells/hello", { data: { code: "'Ben was here'" }, headers })).ok()).toBe(true);
  // Ana has a collection of her own, and a second ingestion under way when the reset comes.
  const ingest = (size: number) => ana.context.request.post("/api/ingest", { headers, data: { source: { kind: "dataset", name: "google-talks", only: ["bDgD9whDfEY"] }, chunker: { kind: "token", size, overlap: 0 } } });
  const first = await (await ingest(128)).json();
  await expect.poll(async () => (await (await ana.context.request.get(`/api/jobs/${first.id}`)).json()).status, { timeout: 90_000 }).toBe("done");
  expect((await (await ana.context.request.get("/api/collections")).json()).collections.filter((c: { shared: boolean }) => !c.shared)).toHaveLength(1);

  // The instructor on the server machine: the admin token in every request.
  const instructor = await browser.newContext({ baseURL: lab.url, extraHTTPHeaders: { "x-ragcamp-admin": lab.adminToken() } });
  const page = await instructor.newPage();
  await page.goto("/");
  await page.getByTestId("dashboard-link").click();
  await expect(page.getByTestId("cohort-grid")).toBeVisible();
  await expect(page.getByTestId(`cohort-cell-${ana.id}-similarity-by-hand`)).toContainText("1/");
  await expect(page.getByTestId(`cohort-cell-${ben.id}-similarity-by-hand`)).toContainText("0/");
  await expect(page.getByTestId("cohort-trouble")).toContainText("ReferenceError: cosin is not defined");

  const csv = await (await instructor.request.get("/api/cohort/export")).text();
  const anaRow = csv.split("\n").find((r) => r.startsWith(`"${ana.id}","Ana","similarity-by-hand"`));
  expect(anaRow).toMatch(/^"ana","Ana","similarity-by-hand",1,\d+,1,/);

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    // Charts size themselves at load: a resized page is measured afresh.
    await page.reload();
    await expect(page.getByTestId("cohort-grid")).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`dashboard-${width}.png`), fullPage: true });
  }

  expect((await ingest(256)).ok()).toBe(true);
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId(`cohort-reset-${ana.id}`).click();
  await expect(page.getByTestId("cohort-notice")).toContainText(/Reset Ana: \d job\(s\) stopped, 1 collection\(s\) deleted/);
  await expect(page.getByTestId(`cohort-cell-${ana.id}-similarity-by-hand`)).toContainText("0/");
  await expect(page.getByTestId("cohort-trouble")).not.toContainText("cosin is not defined");

  // Ana starts again from nothing; Ben's edit is still his.
  const anaState = await (await ana.context.request.get("/api/notebooks/similarity-by-hand")).json();
  expect(anaState).toMatchObject({ cells: {}, runs: {} });
  expect((await (await ana.context.request.get("/api/collections")).json()).collections.filter((c: { shared: boolean }) => !c.shared)).toEqual([]);
  expect((await (await ana.context.request.get("/api/jobs")).json()).jobs).toEqual([]);
  const benState = await (await ben.context.request.get("/api/notebooks/notebook-basics")).json();
  expect(benState.cells.hello.code).toBe("'Ben was here'");
  await Promise.all([ana.context.close(), ben.context.close(), instructor.close()]);
});

test("learners cannot open the dashboard, its data, the export or a reset", async ({ browser, lab }) => {
  const ana = await learnerBrowser(browser, lab, "Ana");
  const ben = await learnerBrowser(browser, lab, "Ben");
  const page = await ana.context.newPage();
  await page.goto("/");
  await expect(page.getByTestId("lesson-list")).toBeVisible();
  await expect(page.getByTestId("dashboard-link")).toHaveCount(0);
  const res = await page.goto("/instructor");
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toBeVisible();
  for (const url of ["/api/cohort", "/api/cohort/export"]) expect((await ana.context.request.get(url)).status()).toBe(403);
  const reset = await ana.context.request.post(`/api/cohort/learners/${ben.id}/reset`, { headers: { origin: lab.url } });
  expect(reset.status()).toBe(403);
  await Promise.all([ana.context.close(), ben.context.close()]);
});

import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { NOTEBOOK_HEADER } from "../lib/api/client";
import { freshDatabase, startPostgres } from "../lib/testing/postgres";
import { startOpenAITestServer, type OpenAITestServer } from "../lib/testing/openai-test-server";
import { expect, test } from "./support/fixtures";
import { LabServer } from "./support/lab-server";
import { scriptedModel } from "./support/scripted-model";

// One real PostgreSQL cluster for this file; each test gets its own database.
let cluster: Awaited<ReturnType<typeof startPostgres>>;
let llm: OpenAITestServer;
test.beforeAll(async () => {
  cluster = await startPostgres();
  llm = await startOpenAITestServer([], { respond: scriptedModel() });
});
test.afterAll(async () => {
  await llm?.close();
  await cluster?.stop();
});

const labOn = (url: string) => new LabServer({ DATABASE_URL: url, OPENAI_BASE_URL: llm.baseUrl, RAGCAMP_CHAT_MODEL: "test-model" });

test("with DATABASE_URL, learner work, experiments, judge runs, traces and jobs live in PostgreSQL and survive a restart on a new data dir", async ({ browser }) => {
  test.setTimeout(180_000);
  const url = await freshDatabase(cluster.url, "e2e_restart");
  const first = labOn(url);
  await first.start();
  const ctx = await browser.newContext({ baseURL: first.url });
  const api = ctx.request;
  const origin = { origin: first.url };
  expect(await (await api.get("/api/health")).json()).toMatchObject({ ok: true, appDb: "postgres" });

  expect((await api.put("/api/notebooks/notebook-basics/cells/reuse", { headers: origin, data: { code: "'kept in postgres'" } })).status()).toBe(200);
  expect((await api.put("/api/notebooks/notebook-basics/runs/reuse", { headers: origin, data: { status: "done", outputs: [], elapsedMs: 3 } })).status()).toBe(200);
  const grid = await api.post("/api/experiments", {
    headers: origin,
    data: { corpus: { only: ["bDgD9whDfEY"] }, chunking: [{ kind: "token", size: 128 }], topK: [3], modes: ["bm25"] },
  });
  expect(grid.status()).toBe(200);
  // Named for a notebook, so its model calls go to that notebook's trace.
  const judge = await api.post("/api/judge", {
    headers: { ...origin, [NOTEBOOK_HEADER]: "grounded-answers" },
    data: { items: [{ id: "q1", question: "What calms an emotion?", answer: "Naming it.", contexts: ["Naming an emotion calms it."] }], judges: ["relevancy"] },
  });
  expect(judge.status()).toBe(200);
  for (const job of [await grid.json(), await judge.json()] as { id: string }[]) {
    const read = async () => (await (await api.get(`/api/jobs/${job.id}`)).json()) as { status: string; error: string | null };
    await expect.poll(async () => ["queued", "running"].includes((await read()).status), { timeout: 120_000 }).toBe(false);
    // The whole record, so a failure shows its error.
    expect(await read()).toMatchObject({ status: "done", error: null });
  }
  expect((await api.post("/api/judge/reviews", { headers: origin, data: { key: "r|q1|0", claim: "A claim.", judgeLabel: "supported", learnerLabel: "unsupported" } })).status()).toBe(200);
  await ctx.close();
  await first.dispose();

  // A second instance with an empty data dir sees it all: none of it was in the first one's files.
  const second = labOn(url);
  await second.start();
  try {
    const again = (await browser.newContext({ baseURL: second.url })).request;
    expect((await (await again.get("/api/notebooks/notebook-basics")).json()).cells.reuse.code).toBe("'kept in postgres'");
    expect((await (await again.get("/api/experiments")).json()).experiments).toHaveLength(1);
    expect((await (await again.get("/api/judge/runs")).json()).runs).toHaveLength(1);
    expect((await (await again.get("/api/judge/reviews")).json()).reviews).toHaveLength(1);
    expect((await (await again.get("/api/llm/trace?notebook=grounded-answers")).json()).entries.length).toBeGreaterThan(0);
    expect((await (await again.get("/api/jobs")).json()).jobs.map((j: { status: string }) => j.status)).toEqual(["done", "done"]);
    expect(fs.existsSync(path.join(second.dataDir, "app.sqlite"))).toBe(false);
  } finally {
    await second.dispose();
  }
});

test("PostgreSQL not there at start: pages and routes say which database and what to do, never the password; once it is there the lab works without a restart", async ({ page }) => {
  const ready = new URL(await freshDatabase(cluster.url, "e2e_later"));
  const later = new URL(ready);
  later.pathname = `${ready.pathname}_later`;
  const lab = labOn(later.toString());
  await lab.start({ healthy: false });
  try {
    const where = `127.0.0.1:${later.port}${later.pathname}`;
    const password = decodeURIComponent(later.password);
    const health = await page.request.get(`${lab.url}/api/health`);
    expect(health.status()).toBe(503);
    const body = await health.text();
    expect(body).toContain(where);
    expect(body).not.toContain(password);
    const save = await page.request.put(`${lab.url}/api/notebooks/notebook-basics/cells/reuse`, { headers: { origin: lab.url }, data: { code: "'x'" } });
    expect(save.status()).toBe(503);
    expect(await save.json()).toMatchObject({ error: { code: "unavailable", message: expect.stringContaining(where) } });
    for (const path of ["/", "/lessons/notebook-basics"]) {
      await page.goto(`${lab.url}${path}`);
      await expect(page.getByTestId("service-unavailable")).toContainText(where);
    }
    expect(await page.content()).not.toContain(password);

    // The database appears: the next request opens it.
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${later.pathname.slice(1)}"`);
    await admin.end();
    await expect.poll(async () => (await page.request.get(`${lab.url}/api/health`)).status()).toBe(200);
    expect((await page.request.put(`${lab.url}/api/notebooks/notebook-basics/cells/reuse`, { headers: { origin: lab.url }, data: { code: "'x'" } })).status()).toBe(200);
  } finally {
    await lab.dispose();
  }
});

import { freshDatabase, startPostgres } from "../lib/testing/postgres";
import { expect, test } from "./support/fixtures";
import { LabServer } from "./support/lab-server";

// A cohort lab with a chat model: the probe needs no session, and the model server is one of the configured services.
test.use({ serverEnv: { RAGCAMP_AUTH: "cohort" }, chatModel: {} });

test("/api/ready needs no session, answers a page on another site too, and names only the configured services", async ({ lab, playwright }) => {
  const stranger = await playwright.request.newContext({ baseURL: lab.url });
  // The first probe may find the embedded graph engine still starting, as a prober retrying would.
  await expect.poll(async () => (await stranger.get("/api/ready")).status(), { timeout: 30_000 }).toBe(200);
  const res = await stranger.get("/api/ready", { headers: { origin: "https://elsewhere.example" } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ ok: true, services: { appDb: "ok", vectors: "ok", graph: "ok", chatModel: "ok" } });
  await stranger.dispose();
});

test("/api/ready on a PostgreSQL database that does not exist: 503, appDb down, and nothing about where or why", async ({ playwright }) => {
  const cluster = await startPostgres();
  const url = new URL(await freshDatabase(cluster.url, "e2e_ready"));
  url.pathname = `${url.pathname}_missing`;
  const lab = new LabServer({ DATABASE_URL: url.toString() });
  try {
    await lab.start({ healthy: false });
    const stranger = await playwright.request.newContext({ baseURL: lab.url });
    // The vector store is down with it: a collection is visible only through its manifest row in the app database.
    const down = { ok: false, services: { appDb: "down", vectors: "down", graph: "ok" } };
    await expect.poll(async () => (await stranger.get("/api/ready")).json(), { timeout: 30_000 }).toEqual(down);
    const res = await stranger.get("/api/ready");
    expect(res.status()).toBe(503);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual(down);
    for (const secret of [url.host, url.pathname.slice(1), decodeURIComponent(url.password), "postgres"]) expect(body).not.toContain(secret);
    await stranger.dispose();
  } finally {
    await lab.dispose();
    await cluster.stop();
  }
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { LabServer } from "./support/lab-server";

/** The test hook pauses ingestion here: after the LanceDB table exists, before its manifest row is written. */
const PAUSE_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-pause-")), "paused");
test.use({ serverEnv: { RAGCAMP_TEST_HOOKS: "1", RAGCAMP_TEST_PAUSE_FILE: PAUSE_FILE, RAGCAMP_TEST_PAUSE_AT: "before-manifest" } });

const TALK = "bDgD9whDfEY"; // a short talk: 56 chunks

async function waitForPause(): Promise<void> {
  await expect.poll(() => fs.existsSync(PAUSE_FILE), { timeout: 90_000, intervals: [100] }).toBe(true);
}

test("a server killed with SIGKILL while it writes a collection comes back with its store intact", async ({ lab, request }) => {
  test.setTimeout(240_000);
  const headers = { origin: lab.url, "content-type": "application/json" };
  const ingest = (api: APIRequestContext) =>
    api.post("/api/ingest", { headers, data: { source: { kind: "dataset", name: "google-talks", only: [TALK] }, chunker: { kind: "token", size: 128, overlap: 0 } } });

  expect((await ingest(request)).ok()).toBe(true);
  await waitForPause();
  // The table is on disk, its manifest row is not: the worst moment to die.
  await lab.crash();
  fs.rmSync(PAUSE_FILE, { force: true });
  await lab.start();

  // The half-made collection is not there, and nothing about it fails.
  const listed = await request.get("/api/collections");
  expect(listed.status()).toBe(200);
  expect((await listed.json()).collections).toEqual([]);
  const jobs = await (await request.get("/api/jobs")).json();
  expect(jobs.jobs[0]).toMatchObject({ kind: "ingest", status: "failed" });

  // Running the ingestion again succeeds (let it past the pause this time) and gives a searchable collection.
  const again = await (await ingest(request)).json();
  await waitForPause();
  fs.rmSync(PAUSE_FILE);
  await expect.poll(async () => (await (await request.get(`/api/jobs/${again.id}`)).json()).status, { timeout: 60_000 }).toBe("done");
  const { result } = await (await request.get(`/api/jobs/${again.id}`)).json();
  expect(result).toMatchObject({ chunks: 56, store: "written" });
  const found = await request.post("/api/search", { headers, data: { collection: result.collection, query: "python logging", k: 3 } });
  expect(found.status()).toBe(200);
  expect((await found.json()).hits).toHaveLength(3);
});

test("a second server on a data dir in use refuses to start and leaves the first one serving", async ({ lab, request }) => {
  const second = new LabServer({ RAGCAMP_DATA_DIR: lab.dataDir });
  try {
    await expect(second.start()).rejects.toThrow(/Another ragcamp server \(pid \d+, http:\/\/127\.0\.0\.1:\d+\) is using this data dir/);
  } finally {
    await second.dispose(); // only its own, unused, temporary dir
  }
  expect((await request.get("/api/health")).status()).toBe(200);
  expect(JSON.parse(fs.readFileSync(path.join(lab.dataDir, "server.json"), "utf8")).pid).toBe(lab.pid);
});

import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "./support/fixtures";

test.use({ serverEnv: { RAGCAMP_AUTH: "cohort" } });

const run = promisify(execFile);
const TALK = "bDgD9whDfEY"; // a short talk: 56 chunks at 128 tokens

/**
 * The README's cohort workflow with the lab up: the instructor's CLI goes
 * through the running server (it owns the embedded stores), authenticated by
 * the admin token, and keeps the server's error codes in its JSON.
 */
test("the instructor's CLI works through a running cohort server", async ({ lab }) => {
  test.setTimeout(180_000);
  const cli = async (...args: string[]) => {
    const env = { ...process.env, RAGCAMP_DATA_DIR: lab.dataDir, RAGCAMP_AUTH: "cohort" };
    const result = await run(process.execPath, ["bin/ragcamp.mjs", ...args, "--json"], { env }).catch((e: { stdout: string; code: number }) => e);
    return { exit: "code" in result ? result.code : 0, out: JSON.parse(result.stdout) as Record<string, unknown> & { ok: boolean; error?: { code: string } } };
  };

  const ingested = await cli("ingest", "--dataset", "google-talks", "--only", TALK, "--shared");
  expect(ingested.out).toMatchObject({ ok: true, chunks: 56 });
  const collection = String(ingested.out.collection);
  expect(collection).toMatch(/^l_shared__/);

  const found = await cli("search", "--collection", collection, "where does the map data come from", "-k", "2");
  expect(found.out).toMatchObject({ ok: true, k: 2 });
  expect(found.out.hits).toHaveLength(2);

  expect((await cli("graph", "query", "MATCH (t:Task) RETURN count(t) AS n")).out).toMatchObject({ ok: true, rows: [{ n: 10 }] });
  expect((await cli("eval", "--collection", collection, "-k", "5", "--mode", "bm25")).out).toMatchObject({ ok: true, k: 5 });

  const spec = path.join(lab.dataDir, "grid.json");
  fs.writeFileSync(spec, JSON.stringify({ corpus: { only: [TALK] }, chunking: [{ kind: "token", size: 128 }], topK: [3], modes: ["bm25"] }));
  const grid = await cli("grid", "--spec", spec);
  expect(grid.out.ok).toBe(true);

  // A learner sees the course collection the instructor wrote.
  const learner = lab.addLearner("Ana");
  const listed = await fetch(`${lab.url}/api/collections`, { headers: { cookie: learner.cookie } });
  expect(JSON.stringify(await listed.json())).toContain(collection);

  // Errors keep the server's code: a write without --allow-write is forbidden, not "bad input".
  const write = await cli("graph", "query", "CREATE (p:Person {name: 'Eve'})");
  expect(write.exit).not.toBe(0);
  expect(write.out).toMatchObject({ ok: false, error: { code: "forbidden" } });
  const missing = await cli("search", "--collection", "l_nobody__x__y__z", "anything");
  expect(missing.out).toMatchObject({ ok: false, error: { code: "not_found" } });
  // The server did all of it: it is still the one process holding the stores.
  expect(lab.pid).toBeDefined();
});

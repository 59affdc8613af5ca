/**
 * Crash consistency of ingestion, with real processes: the CLI ingests one
 * short talk into a temp data dir and is killed with SIGKILL at the worst
 * moment (table written, manifest row not yet) and at seeded random moments
 * of a second ingestion that replaces the collection. After every kill the
 * stores open, list and search without error, and ingesting again succeeds.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/random/seeded";
import { openLanceStore } from "@/lib/vectorstore/lancedb";

const TALK = "bDgD9whDfEY"; // "Painless Python - part 1": the smallest shipped talk, 56 chunks
const SEED = 13;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-crash-"));
const marker = path.join(dataDir, "paused");
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));


type PausePoint = "before-write" | "before-manifest";

function startIngest(pauseAt?: PausePoint) {
  const hooks = pauseAt ? { RAGCAMP_TEST_HOOKS: "1", RAGCAMP_TEST_PAUSE_FILE: marker, RAGCAMP_TEST_PAUSE_AT: pauseAt } : {};
  const child = spawn(process.execPath, ["bin/ragcamp.mjs", "ingest", "--dataset", "google-talks", "--only", TALK, "--json"], {
    env: { ...process.env, RAGCAMP_DATA_DIR: dataDir, RAGCAMP_AUTH: "local", ...hooks },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

/** Ingests to the end; the result as the CLI prints it. */
async function ingestToEnd(): Promise<{ collection: string; chunks: number; store: string; ms: { store: number } }> {
  const { code, stdout, stderr } = await startIngest().exited;
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout);
}

/** Waits until the child pauses at its hook (the marker file appears). */
async function paused(run: ReturnType<typeof startIngest>): Promise<void> {
  let ended = false;
  void run.exited.then(() => (ended = true));
  while (!fs.existsSync(marker)) {
    if (ended) throw new Error(`ingestion ended before pausing: ${(await run.exited).stderr}`);
    await sleep(5);
  }
}

async function kill(run: ReturnType<typeof startIngest>): Promise<void> {
  run.child.kill("SIGKILL");
  await run.exited;
  fs.rmSync(marker, { force: true });
}

/** Opens the stores as a restarted server would; every listed collection answers vector and keyword searches. */
async function listAndSearch() {
  const store = await openLanceStore({ dataDir });
  try {
    const listed = await store.listCollections();
    for (const { name } of listed) {
      const [first] = await store.allVectors(name);
      expect(await store.search(name, { mode: "vector", vector: [...first.vector], k: 3 })).toHaveLength(3);
      expect((await store.search(name, { mode: "bm25", text: "python", k: 3 })).length).toBeGreaterThan(0);
    }
    return listed;
  } finally {
    await store.close();
  }
}

async function expectSearchable(result: { collection: string; chunks: number }) {
  expect(await listAndSearch()).toEqual([expect.objectContaining({ name: result.collection, count: result.chunks })]);
}

describe("ingestion killed with SIGKILL", () => {
  it("recovers from a kill between the table and its manifest row, and at 5 seeded points of a replacing ingestion", { timeout: 300_000 }, async () => {
    const first = startIngest("before-manifest");
    await paused(first);
    const tables = fs.readdirSync(path.join(dataDir, "lancedb"));
    expect(tables).toHaveLength(1);
    await kill(first);

    // The table was complete, but without its manifest row it is not a collection: not listed, and removed on opening.
    expect(await listAndSearch()).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir, "lancedb"))).toEqual([]);
    const written = await ingestToEnd();
    expect(written.store).toBe("written");
    await expectSearchable(written);

    // Kill points span the write: from the pause before it to a little past its measured length.
    const windowMs = 20 + 2 * written.ms.store;
    const random = seededRandom(SEED);
    for (let i = 0; i < 5; i++) {
      await addStaleChunk(written.collection);
      const second = startIngest("before-write");
      await paused(second);
      fs.rmSync(marker);
      await sleep(random() * windowMs);
      await kill(second);

      const listed = await listAndSearch();
      // Either the old collection (with its stale chunk) or nothing: never half of the new one.
      expect(listed.map((c) => c.count)).toSatisfy((counts: number[]) => counts.every((n) => n === written.chunks + 1 || n === written.chunks));
      const again = await ingestToEnd();
      await expectSearchable(again);
    }
  });
});

/** One extra chunk makes the next ingestion replace the collection rather than find it unchanged. */
async function addStaleChunk(name: string): Promise<void> {
  const store = await openLanceStore({ dataDir });
  try {
    const [{ id, vector }] = await store.allVectors(name);
    const [row] = await store.getChunks(name, [id]);
    await store.upsert(name, [{ ...row, id: "stale-chunk", vector: [...vector] }]);
  } finally {
    await store.close();
  }
}

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { contractChunks, contractMeta, defineChunkStoreContract } from "./contract";
import { openLanceStore } from "./lancedb";

const dirs: string[] = [];

async function freshStore() {
  const dataDir = await mkdtemp(path.join(tmpdir(), "ragcamp-lancedb-"));
  dirs.push(dataDir);
  return { dataDir, store: await openLanceStore({ dataDir }) };
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

defineChunkStoreContract("lancedb", async () => (await freshStore()).store);

describe("LanceDB store", () => {
  it("persists collections, metadata and rows across reopening", async () => {
    const { dataDir, store } = await freshStore();
    await store.createCollection("kept", contractMeta);
    await store.upsert("kept", contractChunks);
    await store.close();
    const reopened = await openLanceStore({ dataDir });
    expect(await reopened.listCollections()).toEqual([{ name: "kept", count: contractChunks.length, meta: contractMeta }]);
    const [hit] = await reopened.search("kept", { mode: "bm25", text: "quokka", k: 1 });
    expect(hit.chunk.id).toBe("chunk-3");
    await reopened.close();
  });

  it("keyword search sees rows upserted after an earlier keyword search", async () => {
    const { store } = await freshStore();
    await store.createCollection("fts", contractMeta);
    await store.upsert("fts", contractChunks.slice(0, 3));
    expect(await store.search("fts", { mode: "bm25", text: "quokka", k: 3 })).toEqual([]);
    await store.upsert("fts", contractChunks.slice(3));
    const hits = await store.search("fts", { mode: "bm25", text: "quokka", k: 3 });
    expect(hits.map((h) => h.chunk.id)).toEqual(["chunk-3"]);
    await store.close();
  });

  it("serialises concurrent upserts to one collection", async () => {
    const { store } = await freshStore();
    await store.createCollection("busy", contractMeta);
    const batches = Array.from({ length: 8 }, (_, b) =>
      contractChunks.map((c) => ({ ...c, id: `${c.id}-b${b}` })),
    );
    await Promise.all(batches.map((rows) => store.upsert("busy", rows)));
    expect((await store.describeCollection("busy")).count).toBe(8 * contractChunks.length);
    await store.close();
  });
});

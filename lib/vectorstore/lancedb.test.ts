import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Index, connect } from "@lancedb/lancedb";
import { afterAll, describe, expect, it } from "vitest";
import { contractChunks, contractMeta, defineChunkStoreContract } from "./adapter-suite";
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

  it("removes on opening a table a kill left half-made, and writes that collection again cleanly", async () => {
    const { dataDir, store } = await freshStore();
    await store.writeCollection("done", contractMeta, contractChunks);
    await store.close();
    // What a SIGKILL during createTable leaves: data files, no version yet (LanceDB lists it, cannot open it).
    await mkdir(path.join(dataDir, "lancedb", "torn.lance", "data"), { recursive: true });
    await writeFile(path.join(dataDir, "lancedb", "torn.lance", "data", ".tmp123"), "partial");
    const reopened = await openLanceStore({ dataDir });
    expect(await readdir(path.join(dataDir, "lancedb"))).toEqual(["done.lance"]);
    await reopened.writeCollection("torn", contractMeta, contractChunks);
    expect((await reopened.listCollections()).map((c) => [c.name, c.count])).toEqual([["done", 6], ["torn", 6]]);
    await reopened.close();
  });

  it("leaves a damaged collection out of the list and still searches the others", async () => {
    const { dataDir, store } = await freshStore();
    await store.writeCollection("fine", contractMeta, contractChunks);
    await store.writeCollection("damaged", contractMeta, contractChunks);
    await store.close();
    await rm(path.join(dataDir, "lancedb", "damaged.lance", "_versions"), { recursive: true });
    const reopened = await openLanceStore({ dataDir });
    expect((await reopened.listCollections()).map((c) => c.name)).toEqual(["fine"]);
    expect(await reopened.search("fine", { mode: "bm25", text: "quokka", k: 1 })).toHaveLength(1);
    await expect(reopened.search("damaged", { mode: "bm25", text: "quokka", k: 1 })).rejects.toMatchObject({ code: "unavailable" });
    await reopened.writeCollection("damaged", contractMeta, contractChunks);
    expect((await reopened.describeCollection("damaged")).count).toBe(contractChunks.length);
    await reopened.close();
  });

  it("adopts collections from the _collections table of earlier versions, then drops that table", async () => {
    const { dataDir, store } = await freshStore();
    await store.close();
    const db = await connect(path.join(dataDir, "lancedb"));
    await db.createTable("_collections", [{ name: "old", meta: JSON.stringify(contractMeta) }]);
    await db.createTable("old", contractChunks.map(({ videoId, ...c }) => ({ ...c, videoId: videoId ?? "" })));
    db.close();
    const reopened = await openLanceStore({ dataDir });
    expect(await reopened.listCollections()).toEqual([{ name: "old", count: contractChunks.length, meta: contractMeta }]);
    expect(await readdir(path.join(dataDir, "lancedb"))).toEqual(["old.lance"]);
    const [hit] = await reopened.search("old", { mode: "bm25", text: "quokka", k: 1 });
    expect(hit.chunk.id).toBe("chunk-3");
    await reopened.close();
  });

  it("stemmed keywords match other forms of a word and skip stop words; plain keywords match words as written", async () => {
    const { store } = await freshStore();
    const chunks = contractChunks.map((c, i) => (i === 0 ? { ...c, text: "We run the tests every morning." } : c));
    await store.writeCollection("stems", contractMeta, chunks);
    const ids = async (text: string, keywords: "plain" | "stemmed") => (await store.search("stems", { mode: "bm25", text, k: 3, keywords })).map((h) => h.chunk.id);
    expect(await ids("running", "plain")).toEqual([]);
    expect(await ids("running", "stemmed")).toEqual(["chunk-0"]);
    expect(await ids("the", "plain")).toContain("chunk-0");
    expect(await ids("the", "stemmed")).toEqual([]);
    // Rows written after the stemmed index was built are stemmed too; "walking" meets "walked" and chunk-4's "walk".
    await store.upsert("stems", [{ ...contractChunks[1], id: "late", text: "She walked to the station." }]);
    expect((await ids("walking", "stemmed")).sort()).toEqual(["chunk-4", "late"]);
    expect(await ids("walking", "plain")).toEqual([]);
    const hybrid = await store.search("stems", { mode: "hybrid", text: "running", vector: contractChunks[5].vector, k: 2, keywords: "stemmed" });
    expect(hybrid.map((h) => h.chunk.id)).toContain("chunk-0");
    await store.close();
  });

  it("indexes plain again a table keyword-indexed with LanceDB's stemming default", async () => {
    const { dataDir, store } = await freshStore();
    await store.writeCollection("older", contractMeta, contractChunks);
    await store.close();
    const db = await connect(path.join(dataDir, "lancedb"));
    await (await db.openTable("older")).createIndex("text", { config: Index.fts() });
    db.close();
    const reopened = await openLanceStore({ dataDir });
    // "compare" is the stem of chunk-3's "compares": only a stemmed index finds it.
    expect(await reopened.search("older", { mode: "bm25", text: "compare", k: 1 })).toEqual([]);
    expect((await reopened.search("older", { mode: "bm25", text: "compare", k: 1, keywords: "stemmed" })).map((h) => h.chunk.id)).toEqual(["chunk-3"]);
    await reopened.close();
  });
});

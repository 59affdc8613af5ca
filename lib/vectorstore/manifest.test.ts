/**
 * The manifest rules on a fake engine (FakeTables, in memory) and the real
 * SQLite app database: what both adapters, Weaviate included, rely on.
 */
import { describe, expect, it } from "vitest";
import type { ManifestStore } from "@/lib/db/app-db";
import { slowAppDb } from "@/lib/testing/slow-app-db";
import { tempAppDb } from "@/lib/testing/temp-app-db";
import { contractChunks, contractMeta } from "./adapter-suite";
import { openManifestStore, type ChunkTables, type PausePoint } from "./manifest";
import type { ChunkRecord, PreparedRow, SearchHit } from "./port";

async function manifests(): Promise<ManifestStore> {
  return (await tempAppDb("manifest")).manifests;
}

/** An in-memory engine; `broken` names tables whose reads fail as a damaged table's would. */
class FakeTables implements ChunkTables {
  readonly engine = "weaviate";
  readonly keywordIndexes = ["plain"] as const;
  readonly rows = new Map<string, PreparedRow[]>();
  readonly broken = new Set<string>();
  legacy: { name: string; meta: unknown }[] = [];

  async tableNames() {
    return [...this.rows.keys()];
  }
  async legacyCollections() {
    return this.legacy;
  }
  async forgetLegacy() {
    this.legacy = [];
  }
  async createTable(name: string, _meta: unknown, rows: PreparedRow[]) {
    if (this.rows.has(name)) throw new Error(`table ${name} exists`);
    this.rows.set(name, rows);
  }
  async dropTable(name: string) {
    this.rows.delete(name);
  }
  private data(name: string): PreparedRow[] {
    if (this.broken.has(name)) throw new Error(`/srv/data/${name}.lance/_versions: not found`);
    return this.rows.get(name) ?? [];
  }
  async count(name: string) {
    return this.data(name).length;
  }
  async upsert(name: string, rows: PreparedRow[]) {
    this.rows.set(name, [...this.data(name), ...rows]);
  }
  async deleteByDoc(name: string, docId: string) {
    this.rows.set(name, this.data(name).filter((r) => r.fields.docId !== docId));
  }
  async searchOne(name: string): Promise<SearchHit[]> {
    return this.data(name).map((r) => ({ chunk: r.fields as ChunkRecord, score: 1 }));
  }
  async getChunks(name: string, ids: string[]) {
    return this.data(name).filter((r) => ids.includes(r.fields.id)).map((r) => r.fields as ChunkRecord);
  }
  async allVectors(name: string) {
    return this.data(name).map((r) => ({ id: r.fields.id, vector: Float32Array.from(r.vector) }));
  }
  async close() {}
}

const search = { mode: "bm25", text: "graph", k: 3 } as const;

describe("collection manifest", () => {
  it("shows a written collection only once its manifest row is written, after its rows", async () => {
    const tables = new FakeTables();
    let release = () => {};
    const seen: PausePoint[] = [];
    const pause = async (point: PausePoint) => {
      seen.push(point);
      if (point === "before-manifest") await new Promise<void>((r) => (release = r));
    };
    const store = await openManifestStore(tables, await manifests(), { sweep: false, pause });
    const writing = store.writeCollection("c", contractMeta, contractChunks);
    await expect.poll(() => seen).toEqual(["before-write", "before-manifest"]);
    expect(tables.rows.get("c")).toHaveLength(contractChunks.length);
    expect(await store.listCollections()).toEqual([]);
    await expect(store.search("c", search)).rejects.toMatchObject({ code: "not_found" });
    release();
    await writing;
    expect(await store.listCollections()).toEqual([{ name: "c", count: contractChunks.length, meta: contractMeta }]);
  });

  it("refuses stemmed keywords on an engine without a stemmed index, naming the lever and the engine", async () => {
    const store = await openManifestStore(new FakeTables(), await manifests(), { sweep: false });
    await store.writeCollection("c", contractMeta, contractChunks);
    const stemmed = { mode: "bm25", text: "quokka", k: 1, keywords: "stemmed" } as const;
    await expect(store.search("c", stemmed)).rejects.toMatchObject({ code: "bad_input", message: 'keywords "stemmed" is not offered on weaviate: its BM25 has no stemming (LanceDB offers it)' });
    await expect(store.search("c", { ...stemmed, mode: "hybrid", vector: contractChunks[0].vector })).rejects.toMatchObject({ code: "bad_input" });
    expect(await store.search("c", { ...stemmed, keywords: "plain" })).toHaveLength(contractChunks.length);
  });

  it("removes tables without a manifest row on opening when it owns the engine", async () => {
    const db = await manifests();
    const tables = new FakeTables();
    const first = await openManifestStore(tables, db, { sweep: true });
    await first.writeCollection("kept", contractMeta, contractChunks);
    tables.rows.set("orphan", []);
    await openManifestStore(tables, db, { sweep: true });
    expect([...tables.rows.keys()]).toEqual(["kept"]);
  });

  it("on a shared engine leaves leftovers alone until their name is written again, then replaces them", async () => {
    const tables = new FakeTables();
    tables.rows.set("left", contractChunks.slice(0, 1).map((c) => ({ fields: { ...c, videoId: "" }, vector: c.vector })));
    const store = await openManifestStore(tables, await manifests(), { sweep: false });
    expect(tables.rows.has("left")).toBe(true);
    expect(await store.listCollections()).toEqual([]);
    await store.writeCollection("left", contractMeta, contractChunks);
    expect((await store.describeCollection("left")).count).toBe(contractChunks.length);
  });

  it("lists the readable collections when one is broken, and reports the broken one alone as unavailable without internals", async () => {
    const tables = new FakeTables();
    const store = await openManifestStore(tables, await manifests(), { sweep: false });
    await store.writeCollection("good", contractMeta, contractChunks);
    await store.writeCollection("bad", contractMeta, contractChunks);
    tables.broken.add("bad");
    expect((await store.listCollections()).map((c) => c.name)).toEqual(["good"]);
    expect(await store.search("good", search)).toHaveLength(contractChunks.length);
    const error: unknown = await store.search("bad", search).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unavailable", message: expect.stringContaining("ingest it again") });
    expect(String((error as Error).message)).not.toContain("/srv");
    // Writing it again is the repair.
    tables.broken.delete("bad");
    await store.writeCollection("bad", contractMeta, contractChunks);
    expect((await store.listCollections()).map((c) => c.name)).toEqual(["bad", "good"]);
  });

  it("adopts collections recorded before the manifest, once", async () => {
    const db = await manifests();
    const tables = new FakeTables();
    tables.rows.set("old", []);
    tables.legacy = [{ name: "old", meta: contractMeta }];
    const store = await openManifestStore(tables, db, { sweep: true });
    expect(await store.listCollections()).toEqual([{ name: "old", count: 0, meta: contractMeta }]);
    expect(tables.legacy).toEqual([]);
  });

  it("keeps cached metadata coherent with drops and with rows another process wrote", async () => {
    const db = await manifests();
    const tables = new FakeTables();
    const store = await openManifestStore(tables, db, { sweep: false });
    await store.writeCollection("c", contractMeta, contractChunks);
    expect(await store.collectionMeta("c")).toEqual(contractMeta);
    await store.dropCollection("c");
    await expect(store.collectionMeta("c")).rejects.toMatchObject({ code: "not_found" });
    expect(tables.rows.has("c")).toBe(false);
    // Another process's store, on the same app database and engine.
    const other = await openManifestStore(tables, db, { sweep: false });
    await other.writeCollection("c", { ...contractMeta, corpusVersion: "v2" }, contractChunks);
    expect((await store.collectionMeta("c")).corpusVersion).toBe("v2");
  });

  it("replaces a collection when it is written again: one version, no rows of the old one", async () => {
    const store = await openManifestStore(new FakeTables(), await manifests(), { sweep: false });
    await store.writeCollection("c", contractMeta, contractChunks);
    await store.writeCollection("c", { ...contractMeta, corpusVersion: "v2" }, contractChunks.slice(0, 2));
    expect(await store.listCollections()).toEqual([{ name: "c", count: 2, meta: { ...contractMeta, corpusVersion: "v2" } }]);
  });

  it("never caches a row read while the collection was being dropped: the drop stays a drop", async () => {
    let slowReads = 0;
    const db = slowAppDb(await tempAppDb("manifest"), { after: (store, method) => (store === "manifests" && method === "get" && slowReads-- > 0 ? 100 : 0) });
    const tables = new FakeTables();
    await (await openManifestStore(tables, db.manifests, { sweep: false })).writeCollection("c", contractMeta, contractChunks);
    // A second store on the same database has nothing cached: its first read of "c" goes to the row.
    const store = await openManifestStore(tables, db.manifests, { sweep: false });
    slowReads = 1;
    const reading = store.collectionMeta("c");
    await store.dropCollection("c");
    expect(await reading).toEqual(contractMeta);
    await expect(store.collectionMeta("c")).rejects.toMatchObject({ code: "not_found" });
  });
});

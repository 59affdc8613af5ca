import { describe, expect, it } from "vitest";
import { DEFAULT_GRID, expandGrid } from "./spec";

describe("expandGrid", () => {
  it("expands chunkers × modes × k", () => {
    const { points, chunkers } = expandGrid(DEFAULT_GRID, 384);
    expect(chunkers).toHaveLength(4);
    expect(points).toHaveLength(4 * 2 * 4);
    expect(points[0]).toEqual({ chunker: { kind: "token", size: 64, overlap: 0 }, headers: false, mode: "vector", levers: [], keywords: "plain", k: 1 });
  });

  it("scores bm25 and hybrid once per keyword index, vector and kvg once", () => {
    const { points } = expandGrid({ ...DEFAULT_GRID, chunking: [{ kind: "token", size: 128 }], topK: [5], modes: ["vector", "bm25", "hybrid", "kvg"], keywords: ["plain", "stemmed"] }, 384);
    expect(points.map((p) => `${p.mode}/${p.keywords}`)).toEqual(["vector/plain", "bm25/plain", "bm25/stemmed", "hybrid/plain", "hybrid/stemmed", "kvg/plain"]);
  });

  it("refuses stemmed keywords on an engine without them, naming the lever, and allows them where BM25 is not used", () => {
    const weaviate = { engine: "weaviate" as const, keywordIndexes: ["plain"] as const };
    const stemmed = { ...DEFAULT_GRID, keywords: ["plain", "stemmed"] };
    expect(() => expandGrid(stemmed, 384, weaviate)).toThrow('keywords: keywords "stemmed" is not offered on weaviate: its BM25 has no stemming (LanceDB offers it)');
    expect(expandGrid({ ...stemmed, modes: ["vector"] }, 384, weaviate).points).toHaveLength(4 * 4);
    expect(expandGrid(stemmed, 384, { engine: "lancedb", keywordIndexes: ["plain", "stemmed"] }).total).toBe(4 * 3 * 4);
  });

  it("builds each chunker once per headers setting", () => {
    const { points, total } = expandGrid({ ...DEFAULT_GRID, headers: [true, false] }, 384);
    expect(total).toBe(4 * 2 * 2 * 4);
    expect(points.filter((p) => p.headers)).toHaveLength(4 * 2 * 4);
    expect(() => expandGrid({ ...DEFAULT_GRID, headers: [] }, 384)).toThrow(/headers: must list at least one setting/);
  });

  it("names the field and the limit for bad grids, before any work", () => {
    expect(() => expandGrid({ ...DEFAULT_GRID, topK: [0] }, 384)).toThrow(/topK\.0: must be at least 1/);
    expect(() => expandGrid({ ...DEFAULT_GRID, topK: [] }, 384)).toThrow(/topK: must list at least one k/);
    expect(() => expandGrid({ ...DEFAULT_GRID, colour: "red" }, 384)).toThrow(/colour/);
    expect(() => expandGrid({ ...DEFAULT_GRID, chunking: [{ kind: "token", size: 2000 }] }, 384)).toThrow(/chunking\.0 .*limit of 384 tokens/);
    const huge = { ...DEFAULT_GRID, chunking: [{ kind: "token", size: [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384], overlap: [0, 8] }], topK: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], modes: ["vector", "bm25", "hybrid"] };
    expect(() => expandGrid(huge, 384)).toThrow(/at most 24|limit is 400/);
  });
});

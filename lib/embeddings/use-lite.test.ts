import { afterAll, describe, expect, it } from "vitest";
import { cosineSimilarity } from "./similarity";
import { USE_LITE_DIMENSION, UseLiteEmbeddings, UseLitePool } from "./use-lite";

describe("USE-Lite in worker threads (real model)", () => {
  // batchSize 1 with 2 workers: three texts are spread over both workers.
  const embeddings = new UseLiteEmbeddings({ workers: 2, batchSize: 1 });
  afterAll(() => embeddings.close());

  it("embeds into 512-d unit vectors that rank a related sentence above an unrelated one", async () => {
    const texts = [
      "dropped calls at home",
      "network congestion slows mobile calls",
      "a recipe for banana bread",
    ];
    const [home, congestion, bread] = await embeddings.embedDocuments(texts);
    expect(embeddings.pool.loadTimesMs).toHaveLength(2);
    for (const v of [home, congestion, bread]) {
      expect(v).toHaveLength(USE_LITE_DIMENSION);
      expect(Math.hypot(...v)).toBeCloseTo(1, 2);
    }
    expect(cosineSimilarity(home, congestion)).toBeGreaterThan(cosineSimilarity(home, bread) + 0.1);

    // Results come back in input order whichever worker finished first.
    const reversed = await embeddings.embedDocuments([...texts].reverse());
    expect(cosineSimilarity(reversed[2], home)).toBeGreaterThan(0.9999);
    expect(cosineSimilarity(reversed[0], bread)).toBeGreaterThan(0.9999);
    expect(await embeddings.embedDocuments([])).toEqual([]);
  });
});

describe("UseLitePool scheduling and lifecycle", () => {
  it("lets a one-batch call (a query) overtake the queued batches of a bulk call", async () => {
    const pool = new UseLitePool({ workers: 1, batchSize: 1 });
    try {
      const finished: string[] = [];
      const bulk = pool.embed(["b1", "b2", "b3", "b4"]).then(() => finished.push("bulk"));
      const query = pool.embed(["q"]).then(() => finished.push("query"));
      await Promise.all([bulk, query]);
      expect(finished).toEqual(["query", "bulk"]);
    } finally {
      await pool.close();
    }
  });

  it("rejects pending work on close and refuses new work afterwards", async () => {
    const pool = new UseLitePool({ workers: 1 });
    const pending = expect(pool.embed(["never finished"])).rejects.toThrow(/closed/);
    await pool.close();
    await pending;
    await expect(pool.embed(["late"])).rejects.toThrow(/closed/);
  });

  it("fails the call, instead of hanging, when the worker cannot start", async () => {
    const pool = new UseLitePool({ workers: 1, batchSize: 1, workerPath: "/nonexistent/use-lite.worker.mjs" });
    await expect(pool.embed(["x", "y", "z"])).rejects.toThrow(/USE-Lite worker crashed/);
    await expect(pool.embed(["q"])).rejects.toThrow(/USE-Lite worker crashed/);
    await pool.close();
  });

  it("validates its options", () => {
    expect(() => new UseLitePool({ workers: 0 })).toThrow(/workers must be a positive integer/);
    expect(() => new UseLitePool({ batchSize: 2.5 })).toThrow(/batchSize must be a positive integer/);
  });
});

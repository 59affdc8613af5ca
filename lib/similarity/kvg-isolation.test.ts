import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { GraphStore } from "@/lib/graph/port";
import { fakeBagOfWordsEmbedder } from "@/lib/testing/fake-bag-of-words-embeddings";

/**
 * Where knowledge vector graphs live, through the same composition root the
 * routes and the CLI use (lib/services.ts), with real LadybugDB and LanceDB
 * in a temp data dir. The embedder is a FAKE (hashed bag of words): what is
 * tested is where the graphs go, not how well they retrieve.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-kvg-isolation-"));
let s: typeof import("@/lib/services");
let errors: typeof import("@/lib/errors");
const ctx = { signal: new AbortController().signal, progress: () => {} };
const embedder = fakeBagOfWordsEmbedder();
const TALK = { dataset: "google-talks", only: ["tShDYA3NFVs"] };

beforeAll(async () => {
  vi.resetModules();
  vi.stubEnv("RAGCAMP_DATA_DIR", dataDir);
  vi.stubEnv("NEO4J_URI", "");
  vi.stubEnv("WEAVIATE_URL", "");
  s = await import("@/lib/services");
  errors = await import("@/lib/errors");
});

afterAll(async () => {
  await s?.closeServices();
  vi.unstubAllEnvs();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The learner's question from the issue; a graph without a Chunk table has no KVG nodes at all. */
async function kvgCollections(graph: GraphStore): Promise<string[]> {
  try {
    const { rows } = await graph.query("MATCH (c:Chunk) RETURN DISTINCT c.collection AS collection ORDER BY collection");
    return rows.map((r) => String(r.collection));
  } catch (e) {
    if (e instanceof errors.LabError && e.code === "bad_input" && /Chunk does not exist/.test(e.message)) return [];
    throw e;
  }
}

/** A grid over one talk, written into `owner`'s space, with the engines the experiments route gives it. */
async function grid(owner: string, modes: string[]) {
  const { runGrid } = await import("@/lib/experiments/runner");
  const deps = { store: await s.services.chunkStore(), embedder, cache: await s.services.embeddingCache(), owner };
  const spec = { corpus: TALK, chunking: [{ kind: "token", size: 256 }], topK: [5], modes, kvg: { seeds: 2, hops: 1 } };
  return runGrid(spec, deps, ctx, `run-${owner}`, s.gridEngines(owner));
}

/** The KVG comparison as the route runs it for `learner`. */
async function compare(learner: string, collection: string) {
  const { compareKvg } = await import("./kvg-compare");
  return compareKvg({ collection, budget: 5, seeds: 2, hops: [1] }, { ...(await s.kvgDeps(learner)), embedder }, ctx);
}

describe("knowledge vector graphs live in each learner's own graph", () => {
  let anaCollection: string;
  let sharedCollection: string;

  it("learner B sees none of learner A's KVG nodes, neither in the shared graph nor in B's graph", async () => {
    const anaRun = await grid("ana", ["kvg"]);
    anaCollection = anaRun.points[0].collection;
    expect(anaRun.points.map((p) => p.mode)).toEqual(["kvg"]);
    // A course-space collection that both learners then use.
    sharedCollection = (await grid("shared", ["vector"])).points[0].collection;
    await compare("ana", sharedCollection);
    await compare("ben", sharedCollection);

    expect(await kvgCollections(await s.services.graph())).toEqual([]);
    expect(await kvgCollections(await s.scratchGraph("ben"))).toEqual([sharedCollection]);
    expect(await kvgCollections(await s.scratchGraph("ana"))).toEqual([anaCollection, sharedCollection].sort());
  });

  it("rebuilds a learner's graph on the next run after they reset their scratch graph", async () => {
    await s.resetScratchGraph("ana");
    expect(await kvgCollections(await s.scratchGraph("ana"))).toEqual([]);
    const again = await grid("ana", ["kvg"]);
    expect(again.points[0].summary.questions).toBeGreaterThan(0);
    expect(await kvgCollections(await s.scratchGraph("ana"))).toEqual([anaCollection]);
    const { kvgCounts } = await import("./kvg");
    expect((await kvgCounts(await s.scratchGraph("ana"), anaCollection)).nodes).toBe(again.points[0].chunks);
  });

  it("drops an older install's KVG tables from the shared graph at start-up, keeping the course data", async () => {
    const shared = await s.services.graph();
    const { buildKvg } = await import("./kvg");
    await buildKvg(shared, "l_legacy__talks", [{ id: "t:c:0", docId: "t", index: 0, startS: 0, vector: [1, 0] }]);
    expect(await kvgCollections(shared)).toEqual(["l_legacy__talks"]);

    const { ensureDevopsGraph } = await import("@/lib/graph/load-devops");
    expect(await ensureDevopsGraph(shared)).toMatchObject({ nodes: 33, imported: true });
    expect(await kvgCollections(shared)).toEqual([]);
    expect((await shared.schema()).nodes.map((n) => n.label)).not.toContain("Chunk");
  });
});

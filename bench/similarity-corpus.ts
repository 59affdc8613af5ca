/**
 * Non-transitive triples and the knowledge vector graph on the shipped
 * Google talks (token chunks of 128, USE-Lite). Embeddings are cached in
 * the data dir, so only the first run pays for embedding (about a minute).
 *
 *   npx tsx bench/similarity-corpus.ts [dataDir] [query]
 */
import { loadDataset } from "@/lib/captions/datasets";
import { chunkDocuments } from "@/lib/chunking/chunk";
import { USE_LITE_MAX_TOKENS } from "@/lib/embeddings/use-lite";
import { openAppDb } from "@/lib/db";
import { createEmbedder, withCache } from "@/lib/embeddings";
import { openLadybugGraph } from "@/lib/graph/ladybug";
import { openLanceStore } from "@/lib/vectorstore/lancedb";
import { UnitVectors, percentile, sampleSimilarities } from "@/lib/similarity/knn";
import { buildKvg, kvgRetrieve, type KvgRow } from "@/lib/similarity/kvg";
import { SAMPLED_PAIRS, mineTriples, type MinedTriple } from "@/lib/similarity/miner";

const CHUNKER = { kind: "token", size: 128, overlap: 0 } as const;
const COLLECTION = "google-talks-token-128";
const dataDir = process.argv[2] ?? "/tmp/ragcamp-sim";
const query = process.argv[3] ?? "How do you make a web page load faster?";

const round = (x: number) => Math.round(x * 1000) / 1000;
const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;

const docs = await loadDataset("google-talks");
const chunks = await chunkDocuments(docs, CHUNKER, USE_LITE_MAX_TOKENS);
const videoOf = new Map(docs.map((d) => [d.id, d.videoId ?? d.id]));
const chunkOf = new Map(chunks.map((c) => [c.id, c]));

const db = await openAppDb({ dataDir });
const embedder = withCache(createEmbedder({ provider: "use-lite" }), db.embeddings);
const t0 = performance.now();
const vectors = await embedder.embeddings.embedDocuments(chunks.map((c) => c.text));
const queryVector = await embedder.embeddings.embedQuery(query);
console.log(`embedded ${chunks.length} chunks of ${docs.length} talks in ${Math.round(performance.now() - t0)} ms (cached after the first run)`);
await embedder.close();

const rows: KvgRow[] = chunks.map((c, i) => ({ id: c.id, docId: c.docId, index: c.index, startS: c.startS, vector: vectors[i] }));
const sample = sampleSimilarities(new UnitVectors(vectors), SAMPLED_PAIRS);
console.log(
  `pairwise similarity (${sample.length} sampled pairs): ` +
    [50, 90, 95, 99].map((p) => `p${p} ${round(percentile(sample, p))}`).join(", "),
);

const mined = mineTriples(rows);
console.log(`miner: ${JSON.stringify({ thresholds: mined.thresholds, stats: mined.stats })}`);
const byVideos = [3, 2, 1].map((v) => `${mined.triples.filter((t) => t.videos === v).length} across ${v} video(s)`);
console.log(`returned ${mined.triples.length} triples: ${byVideos.join(", ")}`);
const describe = (label: string, id: string) => {
  const c = chunkOf.get(id);
  return c ? `  ${label} ${videoOf.get(c.docId)} @ ${clock(c.startS)}  "${c.text.slice(0, 90).replace(/\s+/g, " ")}…"` : `  ${label} ${id}`;
};
mined.triples.slice(0, 3).forEach((t: MinedTriple, i) => {
  console.log(`#${i + 1} AB ${round(t.ab)} BC ${round(t.bc)} AC ${round(t.ac)} (gap ${round(t.gap)})`);
  console.log([describe("A", t.a.id), describe("B", t.b.id), describe("C", t.c.id)].join("\n"));
});

const store = await openLanceStore({ dataDir, manifest: db.manifests });
await store.createCollection(COLLECTION, { modelId: "use-lite", dimension: vectors[0].length, corpusVersion: "google-talks", config: CHUNKER });
await store.upsert(COLLECTION, chunks.map((c, i) => ({ ...c, vector: vectors[i] })));
const graph = await openLadybugGraph({ dataDir });
const built = await buildKvg(graph, COLLECTION, rows);
console.log(`kvg build: ${JSON.stringify(built)}`);

const budget = 8;
const plain = await kvgRetrieve({ graph, store, collection: COLLECTION, queryVector, seeds: budget, hops: 0, budget });
const graphed = await kvgRetrieve({ graph, store, collection: COLLECTION, queryVector, seeds: 3, hops: 2, budget });
const lowest = Math.min(...plain.hits.map((h) => h.querySim));
console.log(
  `query "${query}": plain top-${budget} (lowest querySim ${round(lowest)}) vs 3 seeds + 2 hops ` +
    `(traversal ${graphed.traversalMs} ms, timed out: ${graphed.timedOut}); "new" = not in plain top-${budget}`,
);
const onlyGraph = graphed.hits.filter((h) => !plain.hits.some((p) => p.chunk.id === h.chunk.id));
for (const h of graphed.hits) {
  const mark = onlyGraph.includes(h) ? "new" : "   ";
  const steps = h.path.map((s) => `${s.kind}:${round(s.weight)}`).join(" → ");
  console.log(
    `  ${mark} ${h.via.padEnd(7)} hop ${h.hop} score ${round(h.score)} querySim ${round(h.querySim)} ` +
      `${videoOf.get(h.chunk.docId)} @ ${clock(h.chunk.startS)} ${steps}`,
  );
}
await graph.close();
await store.close();
await db.close();

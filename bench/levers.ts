/**
 * Retrieval levers on both question sets, run by hand (npx tsx bench/levers.ts [dataDir]):
 * one grid per set over the same collection, so the paraphrase set scores exactly what was
 * chosen on the first set. Embeddings are cached in dataDir, so a repeat costs little.
 */
import { randomUUID } from "node:crypto";
import { openAppDb } from "@/lib/db";
import { createEmbedder } from "@/lib/embeddings";
import { runGrid } from "@/lib/experiments/runner";
import { retrievalLabel } from "@/lib/experiments/spec";
import { openChunkStore } from "@/lib/vectorstore";

const dataDir = process.argv[2] ?? "/work/k-data";
const SPEC = {
  corpus: { dataset: "google-talks" },
  chunking: [{ kind: "token", size: [320], overlap: [0] }],
  topK: [5, 10],
  modes: ["vector", "bm25", "hybrid"],
  hybrid: { vectorWeight: 0.2, k: 10 },
  levers: [[], ["prf"], ["mmr"], ["rerank"], ["prf", "rerank"]],
  headers: [false, true],
};
const noJob = { signal: new AbortController().signal, progress: () => {} };

const db = await openAppDb({ dataDir });
const store = await openChunkStore({ engine: "lancedb", dataDir, manifest: db.manifests });
const embedder = createEmbedder({ provider: "use-lite", workers: 1 });
const deps = { store, embedder, cache: db.embeddings, owner: "bench-levers" };
for (const questions of ["google-talks-v1", "google-talks-paraphrase"]) {
  const t0 = performance.now();
  const run = await runGrid({ ...SPEC, questions }, deps, noJob, randomUUID());
  console.log(`# ${questions}: ${run.questionSet.questions} questions, ${Math.round((performance.now() - t0) / 1000)} s`);
  for (const p of run.points) {
    const s = p.summary as typeof p.summary & { intervals?: Record<string, [number, number]> };
    console.log([questions, p.chunkerLabel, retrievalLabel(p.mode, p.levers), `k=${p.k}`, `hit=${s.hitRate.toFixed(3)}`, `mrr=${s.mrr.toFixed(3)}`, JSON.stringify(s.intervals ?? {})].join("\t"));
  }
}
await embedder.close();
await store.close();
await db.close();

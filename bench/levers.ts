/**
 * Retrieval levers on both question sets, run by hand (npx tsx bench/levers.ts [dataDir]):
 * one grid per set over the same collection, so the paraphrase set scores exactly what was
 * chosen on the first set. Embeddings are cached in dataDir, so a repeat costs little.
 */
import { randomUUID } from "node:crypto";
import { openAppDb } from "@/lib/db";
import { createEmbedder } from "@/lib/embeddings";
import { comparePoints } from "@/lib/experiments/compare";
import { runGrid } from "@/lib/experiments/runner";
import { retrievalOf } from "@/lib/experiments/compare";
import type { Lever } from "@/lib/retrieval";
import { openChunkStore } from "@/lib/vectorstore";

const dataDir = process.argv[2] ?? "/work/k-data";
const SPEC = {
  corpus: { dataset: "google-talks" },
  chunking: [{ kind: "token", size: [320], overlap: [0] }],
  topK: [5, 10],
  modes: ["vector", "bm25", "hybrid"],
  hybrid: { vectorWeight: 0.2, k: 10 },
  levers: [[], ["prf"], ["mmr"], ["rerank"], ["prf", "rerank"]] as Lever[][],
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
    console.log([questions, p.chunkerLabel, retrievalOf(p), `k=${p.k}`, `hit=${s.hitRate.toFixed(3)}`, `mrr=${s.mrr.toFixed(3)}`, JSON.stringify(s.intervals ?? {})].join("\t"));
  }
  // Paired gains, question by question: each lever over its mode without levers, and headers over the same retrieval without.
  const find = (mode: string, levers: Lever[], headers: boolean, k: number) =>
    run.points.find((p) => p.mode === mode && p.k === k && retrievalOf(p) === retrievalOf({ mode, levers }) && Boolean(p.headers) === headers)!;
  const fmt = (d: ReturnType<typeof comparePoints>) => (d ? `${d.mean >= 0 ? "+" : ""}${d.mean.toFixed(3)} [${d.low.toFixed(3)}, ${d.high.toFixed(3)}]` : "n/a");
  for (const mode of SPEC.modes) {
    for (const levers of SPEC.levers) {
      for (const headers of SPEC.headers) {
        if (levers.length === 0 && !headers) continue;
        const base = levers.length === 0 ? find(mode, [], false, 5) : find(mode, [], headers, 5);
        const base10 = levers.length === 0 ? find(mode, [], false, 10) : find(mode, [], headers, 10);
        const what = levers.length === 0 ? `${mode} + headers vs ${mode}` : `${retrievalOf({ mode, levers })}${headers ? " (headers)" : ""} vs ${mode}${headers ? " (headers)" : ""}`;
        console.log(["GAIN", questions, what, `hit@5 ${fmt(comparePoints(base, find(mode, levers, headers, 5), "hitRate"))}`, `mrr@10 ${fmt(comparePoints(base10, find(mode, levers, headers, 10), "mrr"))}`].join("\t"));
      }
    }
  }
}
await embedder.close();
await store.close();
await db.close();

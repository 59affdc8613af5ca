/**
 * Retrieval levers, run by hand (npx tsx bench/levers.ts [dataDir]; too slow for `npm run bench`:
 * USE-Lite embeds the corpus twice, with and without headers, and every sentence once).
 * 1. A grid on google-talks-v1 with its fixed tuning/test split: every axis (modes with sentence
 *    search, plain and stemmed keywords, hybrid weights fitted on the tuning part, levers,
 *    headers); the chosen configuration is scored on the test part.
 * 2. The same axes on the unseen google-talks-paraphrase set, hybrid at the weight chosen in 1:
 *    each lever's paired gain over its baseline, and the chosen configuration's hit@5 and MRR@10.
 * Embeddings are cached in dataDir, so a repeat costs little.
 */
import { randomUUID } from "node:crypto";
import { openAppDb } from "@/lib/db";
import { createEmbedder } from "@/lib/embeddings";
import { comparePoints, retrievalOf } from "@/lib/experiments/compare";
import type { PointResult } from "@/lib/experiments/runner";
import { runGrid } from "@/lib/experiments/runner";
import type { Lever } from "@/lib/retrieval";
import { openChunkStore } from "@/lib/vectorstore";

const dataDir = process.argv[2] ?? "/work/k-data";
const LEVERS: Lever[][] = [[], ["prf"], ["rerank"], ["mmr"]];
const AXES = {
  corpus: { dataset: "google-talks" },
  chunking: [{ kind: "token", size: [320], overlap: [0] }],
  topK: [5, 10],
  modes: ["vector", "bm25", "hybrid", "sentence"],
  keywords: ["plain", "stemmed"],
  levers: LEVERS,
  headers: [false, true],
};
const noJob = { signal: new AbortController().signal, progress: () => {} };

const db = await openAppDb({ dataDir });
const store = await openChunkStore({ engine: "lancedb", dataDir, manifest: db.manifests });
const embedder = createEmbedder({ provider: "use-lite", workers: 1 });
const deps = { store, embedder, cache: db.embeddings, owner: "bench-levers" };
const f3 = (v: number) => v.toFixed(3);
const ci = (p: PointResult, m: "hitRate" | "mrr") => `${f3(p.summary[m])} [${f3(p.summary.intervals[m].low)}, ${f3(p.summary.intervals[m].high)}]`;
const name = (p: Pick<PointResult, "chunkerLabel" | "mode" | "levers" | "keywords" | "k">) => `${p.chunkerLabel} · ${retrievalOf(p)} · k ${p.k}`;

let t0 = performance.now();
const tuned = await runGrid({ ...AXES, questions: "google-talks-v1", hybrid: { vectorWeight: "fit", k: 10 }, split: {} }, deps, noJob, randomUUID());
const split = tuned.split!;
const chosen = tuned.points[split.chosen.point];
console.log(`# google-talks-v1, split seed ${split.seed}: ${split.tuneQuestions} tuning, ${split.testQuestions} test questions, ${tuned.points.length} configurations, ${Math.round((performance.now() - t0) / 1000)} s`);
for (const p of tuned.points) console.log(["TUNE", name(p), p.fusion ? `w=${p.fusion.vectorWeight}` : "", `hit=${ci(p, "hitRate")}`, `mrr=${ci(p, "mrr")}`].join("\t"));
const t = split.chosen;
console.log(`CHOSEN\t${name(chosen)}${chosen.fusion ? ` (vector weight ${chosen.fusion.vectorWeight}, fitted)` : ""}\ttune hit ${f3(t.tune.hitRate)} mrr ${f3(t.tune.mrr)}\ttest hit ${f3(t.test.hitRate)} [${f3(t.test.intervals.hitRate.low)}, ${f3(t.test.intervals.hitRate.high)}] mrr ${f3(t.test.mrr)} [${f3(t.test.intervals.mrr.low)}, ${f3(t.test.intervals.mrr.high)}]`);

// The paraphrase set is test data only: hybrid at the weight chosen above (the chosen point's, else plain hybrid's at k 10).
const weight = chosen.fusion?.vectorWeight ?? tuned.points.find((p) => p.mode === "hybrid" && !p.levers && !p.keywords && !p.headers && p.k === 10)!.fusion!.vectorWeight;
t0 = performance.now();
const unseen = await runGrid({ ...AXES, questions: "google-talks-paraphrase", hybrid: { vectorWeight: weight, k: 10 } }, deps, noJob, randomUUID());
console.log(`# google-talks-paraphrase: ${unseen.questionSet.questions} questions, hybrid weight ${weight}, ${Math.round((performance.now() - t0) / 1000)} s`);
for (const p of unseen.points) console.log(["UNSEEN", name(p), `hit=${ci(p, "hitRate")}`, `mrr=${ci(p, "mrr")}`].join("\t"));

type Retrieval = { mode: string; levers?: Lever[]; keywords?: "stemmed"; headers?: true };
const at = (r: Retrieval, k: number) =>
  unseen.points.find((p) => p.k === k && retrievalOf(p) === retrievalOf(r) && Boolean(p.headers) === Boolean(r.headers))!;
const fmt = (d: ReturnType<typeof comparePoints>) => (d ? `${d.mean >= 0 ? "+" : ""}${f3(d.mean)} [${f3(d.low)}, ${f3(d.high)}]` : "n/a");
const gain = (what: string, base: Retrieval, lever: Retrieval) =>
  console.log(["GAIN", what, `hit@5 ${fmt(comparePoints(at(base, 5), at(lever, 5), "hitRate"))}`, `mrr@10 ${fmt(comparePoints(at(base, 10), at(lever, 10), "mrr"))}`].join("\t"));
for (const mode of ["vector", "bm25", "hybrid", "sentence"]) {
  for (const levers of LEVERS.slice(1)) gain(`${mode}+${levers.join("+")} vs ${mode}`, { mode }, { mode, levers });
  gain(`${mode} + headers vs ${mode}`, { mode }, { mode, headers: true });
  if (mode === "bm25" || mode === "hybrid") gain(`${mode}+stemmed vs ${mode}`, { mode }, { mode, keywords: "stemmed" });
}
gain("sentence vs vector", { mode: "vector" }, { mode: "sentence" });
gain("vector+rerank vs sentence", { mode: "sentence" }, { mode: "vector", levers: ["rerank"] });
const mine = (k: number) => at({ ...chosen, headers: chosen.headers }, k);
console.log(`GOAL\t${name(chosen)} on the paraphrase set: hit@5 ${ci(mine(5), "hitRate")} (goal 0.85), MRR@10 ${ci(mine(10), "mrr")} (goal 0.65)`);
// With hindsight: the best any configuration scores on the paraphrase set itself, an upper bound on what choosing could reach.
const best = (k: number, metric: "hitRate" | "mrr") => unseen.points.filter((p) => p.k === k).reduce((a, b) => (b.summary[metric] > a.summary[metric] ? b : a));
console.log(`CEILING\tbest of ${unseen.points.length / 2} configurations picked on the paraphrase set itself: hit@5 ${ci(best(5, "hitRate"), "hitRate")} (${name(best(5, "hitRate"))}), MRR@10 ${ci(best(10, "mrr"), "mrr")} (${name(best(10, "mrr"))})`);
await embedder.close();
await store.close();
await db.close();

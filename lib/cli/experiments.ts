import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { RequestOf } from "@/lib/api/endpoint";
import { appDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import { QUALITY_METRICS, type GridPointSummary, type QualityMetric } from "@/lib/eval/contract";
import { readQuestionSetFile } from "@/lib/eval/questions";
import { evaluateCollectionRun, readExperiment, startGridRun, type Experiment, type ExperimentSummary } from "@/lib/experiments/contract";
import { compareRuns, retrievalOf, verdict, versusBest, versusBestLabel } from "@/lib/experiments/compare";
import { evaluateCollection } from "@/lib/experiments/eval-collection";
import { getExperiment, runSummary } from "@/lib/experiments/service";
import { prepareGrid } from "@/lib/experiments/start-grid";
import { startKvgCompare } from "@/lib/similarity/contract";
import { compareKvg } from "@/lib/similarity/kvg-compare";
import { ingestDeps, kvgDeps } from "@/lib/services";
import type { SearchMode } from "@/lib/vectorstore/port";
import { cliJobContext, followServerJob } from "./jobs";
import { viaServerOrLocal } from "./lab-client";
import { EXIT_PARTIAL, type CliIo } from "./output";

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** A metric with its 95% interval: "0.712 [0.63, 0.79]" (no brackets for a run stored before intervals). */
function withCi(s: GridPointSummary, m: QualityMetric): string {
  const ci = s.intervals?.[m];
  return ci ? `${s[m].toFixed(3)} [${ci.low.toFixed(2)}, ${ci.high.toFixed(2)}]` : s[m].toFixed(3);
}

function table(r: Experiment): string {
  const standing = versusBest(r.points, "mrr");
  const lines = r.points.map((p, i) =>
    [p.chunkerLabel.padEnd(16), retrievalOf(p).padEnd(12), String(p.k).padStart(3), withCi(p.summary, "hitRate").padStart(20), withCi(p.summary, "mrr").padStart(20), p.summary.ndcg.toFixed(3).padStart(6), String(Math.round(p.summary.contextTokens)).padStart(6), `  ${versusBestLabel(standing[i])}`].join("  "),
  );
  const split = r.split && [
    `chosen on the tuning part (${r.split.tuneQuestions} questions, best ${r.split.metric}): ${r.points[r.split.chosen.point].chunkerLabel} ${retrievalOf(r.points[r.split.chosen.point])} k=${r.points[r.split.chosen.point].k}`,
    `  tuning: hit@k ${withCi(r.split.chosen.tune, "hitRate")}, MRR ${withCi(r.split.chosen.tune, "mrr")}`,
    `  test:   hit@k ${withCi(r.split.chosen.test, "hitRate")}, MRR ${withCi(r.split.chosen.test, "mrr")} on ${r.split.testQuestions} held-out questions (seed ${r.split.seed}); looks at this test part: ${r.split.looks}`,
  ];
  return [
    ...(r.warnings ?? []).map((w) => `warning: ${w}`),
    ...(r.rewriteFailures ?? []).map((f) => `left out: ${f.question}, the model could not rewrite it (${f.code}: ${f.message})`),
    `${"chunker".padEnd(16)}  ${"retrieval".padEnd(12)}    k  ${"hit@k [95% CI]".padStart(20)}  ${"MRR [95% CI]".padStart(20)}    nDCG  tokens    vs best MRR (paired)`,
    ...lines,
    ...(split ?? []),
    `run ${r.id} (${r.points.length} points, ${r.questionSet.questions} questions, ${(r.elapsedMs / 1000).toFixed(1)} s)`,
  ].join("\n");
}

/** `--split` (the shipped seed, 40% held out) or `--split-seed N` / `--split-test 0.3`: flags over the spec's own split. */
function splitFlags(values: { split?: boolean; "split-seed"?: string; "split-test"?: string }, spec: Record<string, unknown>): void {
  if (!values.split && values["split-seed"] === undefined && values["split-test"] === undefined) return;
  const number = (flag: string, v: string | undefined, whole: boolean) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || (whole && !Number.isInteger(n))) throw new LabError("bad_input", `--${flag} must be a ${whole ? "whole number" : "number between 0 and 1"}, got "${v.slice(0, 20)}"`);
    return n;
  };
  const seed = number("split-seed", values["split-seed"], true);
  const test = number("split-test", values["split-test"], false);
  spec.split = { ...(spec.split as object | undefined), ...(seed !== undefined && { seed }), ...(test !== undefined && { test }) };
}

/**
 * `ragcamp grid --spec grid.json [--questions FILE]`: the same runner as a
 * lesson's lab.experiments.run. A question file (the flag, or a spec's
 * `questions` ending in .json, relative to the spec) is read here and its
 * content sent, since the server reads no paths.
 */
export async function gridCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { spec: { type: "string" }, questions: { type: "string" }, split: { type: "boolean" }, "split-seed": { type: "string" }, "split-test": { type: "string" } } });
  if (!values.spec) throw new LabError("bad_input", "--spec grid.json is required");
  const spec = JSON.parse(fs.readFileSync(values.spec, "utf8")) as Record<string, unknown>;
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) throw new LabError("bad_input", `${values.spec}: a grid spec is a JSON object`);
  const questionFile = values.questions ?? (typeof spec.questions === "string" && spec.questions.endsWith(".json") ? path.resolve(path.dirname(values.spec), spec.questions) : undefined);
  if (questionFile) spec.questions = await readQuestionSetFile(questionFile);
  splitFlags(values, spec);
  const record: Experiment = await viaServerOrLocal(
    async (api) => {
      // The spec goes as read: the server checks it as it checks a cell's.
      const job = await api.call(startGridRun, { input: spec as RequestOf<typeof startGridRun> });
      const summary = (await followServerJob(api, job, io)) as ExperimentSummary;
      return api.call(readExperiment, { params: { id: summary.id } });
    },
    async () => {
      const { ranked: _ranked, ...run } = await (await prepareGrid("local", spec))(cliJobContext(io));
      return run;
    },
  );
  const failed = record.rewriteFailures?.length ?? 0;
  const counts = { questions: record.questionSet.questions, rewriteFailed: failed };
  io.result({ ok: true, partial: failed > 0, counts, summary: runSummary(record), ...record }, () => table(record));
  return failed > 0 ? EXIT_PARTIAL : 0;
}

/**
 * `ragcamp compare RUN_A RUN_B [--metric mrr]`: the configurations two grid
 * runs share, B − A paired over the questions both scored, with its 95%
 * interval and whether the difference is real.
 */
export async function compareCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { metric: { type: "string" } } });
  const metric = (values.metric ?? "mrr") as QualityMetric;
  if (!QUALITY_METRICS.includes(metric)) throw new LabError("bad_input", `--metric must be one of ${QUALITY_METRICS.join(", ")}, not ${metric.slice(0, 40)}`);
  if (positionals.length !== 2) throw new LabError("bad_input", "compare needs two run ids: ragcamp compare RUN_A RUN_B [--metric mrr]");
  const [a, b] = await viaServerOrLocal<Experiment[]>(
    (api) => Promise.all(positionals.map((id) => api.call(readExperiment, { params: { id } }))),
    async () => Promise.all(positionals.map(async (id) => getExperiment(await appDb(), "local", id))),
  );
  const rows = compareRuns(a.points, b.points, metric).map((r) => ({ configuration: r.key, a: r.a, b: r.b, difference: r.difference, verdict: verdict(r.difference) }));
  io.result({ ok: true, metric, a: a.id, b: b.id, rows }, () =>
    rows.length === 0
      ? `runs ${a.id} and ${b.id} share no configuration (same chunker, retrieval and k)`
      : [
          `${metric}: B − A, paired over the questions both runs scored (2,000 resamples); A = ${a.id}, B = ${b.id}`,
          ...rows.map((r) => `${r.configuration.padEnd(36)}  A ${r.a.toFixed(3)}  B ${r.b.toFixed(3)}  B − A ${r.difference ? `${r.difference.mean.toFixed(3)} [${r.difference.low.toFixed(3)}, ${r.difference.high.toFixed(3)}]` : (r.b - r.a).toFixed(3)}  ${r.verdict}`),
        ].join("\n"),
  );
  return 0;
}

/**
 * `ragcamp eval --collection NAME [--questions FILE] -k 5 [--mode vector|bm25|hybrid|kvg]`: through the running
 * server (which holds the stores) or else here; the file is read here, like grid's.
 */
export async function evalCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      collection: { type: "string" },
      questions: { type: "string" },
      k: { type: "string", short: "k" },
      mode: { type: "string" },
      hops: { type: "string" },
      budget: { type: "string" },
      seeds: { type: "string" },
    },
  });
  if (!values.collection) throw new LabError("bad_input", "--collection is required");
  if (values.mode === "kvg") return kvgEval({ ...values, collection: values.collection }, io);
  const mode = (values.mode ?? "vector") as SearchMode;
  if (!["vector", "bm25", "hybrid"].includes(mode)) throw new LabError("bad_input", `--mode must be vector, bm25, hybrid or kvg, not ${mode}`);
  const k = Number(values.k ?? 5);
  if (!Number.isInteger(k) || k < 1 || k > 100) throw new LabError("bad_input", "-k must be a whole number from 1 to 100");
  const input = { collection: values.collection, questions: values.questions ? await readQuestionSetFile(values.questions) : undefined, k, mode };
  const result = await viaServerOrLocal(
    (api) => api.call(evaluateCollectionRun, { input }),
    async () => evaluateCollection(input.collection, input.questions, k, mode, await ingestDeps("local")),
  );
  const s = result.summary;
  io.result(
    { ok: true, ...result },
    () =>
      (result.warnings ?? []).map((w) => `warning: ${w}\n`).join("") +
      `${result.questions} questions, ${mode}, k=${k} (95% intervals over the questions in brackets): hit@k ${withCi(s, "hitRate")}, recall ${withCi(s, "recall")}, MRR ${withCi(s, "mrr")}, nDCG ${withCi(s, "ndcg")}, context precision ${withCi(s, "contextPrecision")}, redundancy ${s.redundancy.toFixed(3)}, ${Math.round(s.contextTokens)} context tokens, p95 ${Math.round(s.latencyMs.p95)} ms`,
  );
  return 0;
}

/**
 * `eval --mode kvg --hops 2 --budget 5 [--seeds 2]`: plain top-budget against seeds + hops, same budget; as the
 * server's KVG job when a server runs, since it holds the graph store locked.
 */
async function kvgEval(values: { collection: string; questions?: string; hops?: string; budget?: string; seeds?: string }, io: CliIo): Promise<number> {
  const hops = Number(values.hops ?? 2);
  const spec = {
    collection: values.collection,
    questions: values.questions ? await readQuestionSetFile(values.questions) : undefined,
    budget: Number(values.budget ?? 5),
    seeds: Number(values.seeds ?? 2),
    hops: [...new Set([0, ...Array.from({ length: hops }, (_, i) => i + 1)])],
  };
  const r = await viaServerOrLocal(
    async (api) => (await followServerJob(api, await api.call(startKvgCompare, { input: spec }), io)) as Awaited<ReturnType<typeof compareKvg>>,
    async () => compareKvg(spec, await kvgDeps("local"), cliJobContext(io)),
  );
  const { example: _example, ...result } = r;
  io.result({ ok: true, ...result }, () =>
    [
      `${r.questions} questions, budget ${r.budget} chunks, ${r.seeds} seeds`,
      ...r.points.map((p) => `hops ${p.hops}: recall ${pct(p.summary.recall)}, hit ${pct(p.summary.hitRate)}, nDCG ${p.summary.ndcg.toFixed(3)}, context precision ${p.summary.contextPrecision.toFixed(3)}, redundancy ${p.summary.redundancy.toFixed(3)}`),
      `hops helped ${r.helped.length} questions (${r.helped.map((h) => h.id).join(", ")}), hurt ${r.hurt.length} (${r.hurt.map((h) => h.id).join(", ")}); all-noise expansions: ${r.onlyNoise}`,
    ].join("\n"),
  );
  return 0;
}

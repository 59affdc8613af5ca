import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { appDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import { readQuestionSetFile } from "@/lib/eval/questions";
import { evaluateCollection } from "@/lib/experiments/eval-collection";
import { runGrid, type ExperimentRecord } from "@/lib/experiments/runner";
import { gridHooks, runSummary, saveGridRun } from "@/lib/experiments/service";
import { compareKvg } from "@/lib/similarity/kvg-compare";
import { closeServices, gridEngines, ingestDeps, kvgDeps } from "@/lib/services";
import type { SearchMode } from "@/lib/vectorstore/port";
import { cliJobContext, followServerJob } from "./jobs";
import { viaServerOrLocal } from "./lab-client";
import type { CliIo } from "./output";

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function table(r: ExperimentRecord): string {
  const lines = r.points.map((p) =>
    [p.chunkerLabel.padEnd(16), p.mode.padEnd(7), String(p.k).padStart(3), pct(p.summary.hitRate).padStart(7), p.summary.mrr.toFixed(3).padStart(6), p.summary.ndcg.toFixed(3).padStart(6), String(Math.round(p.summary.contextTokens)).padStart(6)].join("  "),
  );
  return [`${"chunker".padEnd(16)}  mode       k    hit@k     MRR   nDCG  tokens`, ...lines, `run ${r.id} (${r.points.length} points, ${r.questionSet.questions} questions, ${(r.elapsedMs / 1000).toFixed(1)} s)`].join("\n");
}

/**
 * `ragcamp grid --spec grid.json [--questions FILE]`: the same runner as a
 * lesson's lab.experiments.run. A question file (the flag, or a spec's
 * `questions` ending in .json, relative to the spec) is read here and its
 * content sent, since the server reads no paths.
 */
export async function gridCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { spec: { type: "string" }, questions: { type: "string" } } });
  if (!values.spec) throw new LabError("bad_input", "--spec grid.json is required");
  const spec = JSON.parse(fs.readFileSync(values.spec, "utf8")) as Record<string, unknown>;
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) throw new LabError("bad_input", `${values.spec}: a grid spec is a JSON object`);
  const questionFile = values.questions ?? (typeof spec.questions === "string" && spec.questions.endsWith(".json") ? path.resolve(path.dirname(values.spec), spec.questions) : undefined);
  if (questionFile) spec.questions = await readQuestionSetFile(questionFile);
  const record = await viaServerOrLocal(
    async (remote) => {
      const summary = (await followServerJob(remote, await remote("/api/experiments", spec), io)) as { id: string };
      return (await remote(`/api/experiments/${summary.id}/export`)) as ExperimentRecord;
    },
    async () => {
      const deps = await ingestDeps("local");
      const run = await runGrid(spec, deps, cliJobContext(io), randomUUID(), gridHooks(spec, deps, gridEngines("local")));
      saveGridRun(appDb(), "local", run);
      return run;
    },
  );
  const { ranked: _ranked, ...withoutRankings } = record;
  io.result({ ok: true, summary: runSummary(record), ...withoutRankings }, () => table(record));
  return 0;
}

/** `ragcamp eval --collection NAME [--questions FILE] -k 5 [--mode vector|bm25|hybrid]`; the file is read here, like grid's. */
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
  if (values.mode === "kvg") return kvgEval(values, io);
  const mode = (values.mode ?? "vector") as SearchMode;
  if (!["vector", "bm25", "hybrid"].includes(mode)) throw new LabError("bad_input", `--mode must be vector, bm25, hybrid or kvg, not ${mode}`);
  const k = Number(values.k ?? 5);
  if (!Number.isInteger(k) || k < 1 || k > 100) throw new LabError("bad_input", "-k must be a whole number from 1 to 100");
  try {
    const result = await evaluateCollection(values.collection, values.questions ? await readQuestionSetFile(values.questions) : undefined, k, mode, await ingestDeps("local"));
    const s = result.summary;
    io.result({ ok: true, ...result }, () => `${result.questions} questions, ${mode}, k=${k}: hit@k ${pct(s.hitRate)}, recall ${pct(s.recall)}, MRR ${s.mrr.toFixed(3)}, nDCG ${s.ndcg.toFixed(3)}, context precision ${s.contextPrecision.toFixed(3)}, redundancy ${s.redundancy.toFixed(3)}, ${Math.round(s.contextTokens)} context tokens, p95 ${Math.round(s.latencyMs.p95)} ms`);
    return 0;
  } finally {
    await closeServices();
  }
}

/** `eval --mode kvg --hops 2 --budget 5 [--seeds 2]`: plain top-budget against seeds + hops, same budget. */
async function kvgEval(values: { collection?: string; questions?: string; hops?: string; budget?: string; seeds?: string }, io: CliIo): Promise<number> {
  const hops = Number(values.hops ?? 2);
  try {
    const r = await compareKvg(
      { collection: values.collection, questions: values.questions ? await readQuestionSetFile(values.questions) : undefined, budget: Number(values.budget ?? 5), seeds: Number(values.seeds ?? 2), hops: [...new Set([0, ...Array.from({ length: hops }, (_, i) => i + 1)])] },
      await kvgDeps("local"),
      cliJobContext(io),
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
  } finally {
    await closeServices();
  }
}

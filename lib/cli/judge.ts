import { parseArgs } from "node:util";
import { LabError } from "@/lib/errors";
import { judgeSpecSchema, readJudgeRun, startJudgeRun, type JudgeRunSummary } from "@/lib/judge/contract";
import type { JudgeRunRecord } from "@/lib/judge/run-spec";
import { judgeAndStore } from "@/lib/judge/service";
import { judgingDeps } from "@/lib/services";
import { cliJobContext, followServerJob } from "./jobs";
import { viaServerOrLocal } from "./lab-client";
import { EXIT_PARTIAL, type CliIo } from "./output";

const optionalInt = (name: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new LabError("bad_input", `--${name} must be a whole number, not ${JSON.stringify(value)}`);
  return n;
};

const r3 = (v: number | null) => (v === null ? "n/a" : v.toFixed(3));

function table(run: JudgeRunRecord): string {
  const lines = run.judges.map((j) => {
    const failed = Object.values(j.counts.failed).reduce((a, b) => a + b, 0);
    const skipped = Object.values(j.counts.skipped).reduce((a, b) => a + b, 0);
    const ci = j.overall.ci ? `${r3(j.overall.ci.low)}–${r3(j.overall.ci.high)}` : "n/a";
    return `${j.judge.padEnd(18)} ${r3(j.overall.mean).padStart(6)}  ${ci.padEnd(13)} ${String(j.counts.ok).padStart(6)} ${String(failed).padStart(6)} ${String(skipped).padStart(7)}  ${j.counts.inputTokens + j.counts.outputTokens}`;
  });
  const point = run.experiment ? `answers from ${run.experiment.point}: hit@k ${r3(run.experiment.hitRate)}, MRR ${r3(run.experiment.mrr)}` : "";
  const failures = run.answerFailures.map((f) => `  answer for ${f.id} failed (${f.kind}): ${f.message}`);
  return [
    `${"judge".padEnd(18)}   mean  95% CI         scored failed skipped  tokens`,
    ...lines,
    point,
    ...failures,
    `judge run ${run.id} (${run.samples.length} answers × ${run.repeats} repeats, ${run.answerTokens.input + run.answerTokens.output} tokens answering, model ${run.modelId})`,
  ]
    .filter(Boolean)
    .join("\n");
}

/**
 * `ragcamp judge --run <experiment id> --judges faithfulness,relevancy --repeats 3`:
 * answers the run's questions (stored answers are reused), then judges them.
 */
export async function judgeCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { run: { type: "string" }, judges: { type: "string" }, repeats: { type: "string" }, questions: { type: "string" }, point: { type: "string" }, threshold: { type: "string" }, concurrency: { type: "string" } },
  });
  if (!values.run) throw new LabError("bad_input", "--run <experiment id> is required (the id `ragcamp grid` prints)");
  const spec = judgeSpecSchema.parse({
    experiment: { id: values.run, questions: optionalInt("questions", values.questions), point: optionalInt("point", values.point) },
    judges: values.judges?.split(",").map((j) => j.trim()),
    repeats: optionalInt("repeats", values.repeats),
    concurrency: optionalInt("concurrency", values.concurrency),
    threshold: values.threshold === undefined ? undefined : Number(values.threshold),
  });
  const run = await viaServerOrLocal(
    async (api) => {
      const summary = (await followServerJob(api, await api.call(startJudgeRun, { input: spec }), io)) as JudgeRunSummary;
      return api.call(readJudgeRun, { params: { id: summary.id } });
    },
    async () => judgeAndStore(spec, await judgingDeps("local"), cliJobContext(io)),
  );
  return reportRun(run, io);
}

/**
 * Truthful exit codes: 0 when every answer was generated and every
 * judgement scored, 1 with `"ok": false` when no judgement scored, and
 * EXIT_PARTIAL with the counts when some failed.
 */
function reportRun(run: JudgeRunRecord, io: CliIo): number {
  const judgements = run.judges.reduce(
    (n, j) => ({ ok: n.ok + j.counts.ok, failed: n.failed + Object.values(j.counts.failed).reduce((a, b) => a + b, 0) }),
    { ok: 0, failed: 0 },
  );
  const counts = { answersFailed: run.answerFailures.length, judgementsScored: judgements.ok, judgementsFailed: judgements.failed };
  if (judgements.ok === 0) {
    const first = run.judges.flatMap((j) => j.items.flatMap((i) => i.failures))[0] ?? "no judgement scored";
    const code = /^([a-z_]+):/.exec(first)?.[1] ?? "bad_gateway";
    io.result({ ok: false, error: { code, message: `No judgement scored. First failure: ${first}` }, counts, ...run }, () => `${table(run)}\nerror: no judgement scored`);
    return 1;
  }
  const partial = counts.answersFailed > 0 || counts.judgementsFailed > 0;
  io.result({ ok: true, partial, counts, ...run }, () => table(run));
  return partial ? EXIT_PARTIAL : 0;
}

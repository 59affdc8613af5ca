import type { CellOutput } from "@/lib/kernel/outputs";
import { tableOutput } from "@/lib/kernel/to-output";
import type { JudgeResults, JudgeRunSummary } from "@/lib/sdk/types";

type JudgeResult = JudgeResults["judges"][number];

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
/** Judges use different scales (0-1, 1-5); charts that put them side by side show the share of the scale. */
const scaled = (v: number, { min, max }: JudgeResult["scale"]) => r3((v - min) / (max - min));

/** Per judge: mean, interval, and every judgement accounted for (scored + failed + skipped), with its cost. */
export function judgeSummaryTable(run: JudgeResults, maxBytes: number): CellOutput {
  const rows = run.judges.map((j) => ({
    judge: j.judge,
    scale: `${j.scale.min}–${j.scale.max}`,
    mean: j.overall.mean === null ? null : r3(j.overall.mean),
    "95% CI": j.overall.ci ? `${r3(j.overall.ci.low)} – ${r3(j.overall.ci.high)}` : "n/a",
    scored: j.counts.ok,
    failed: total(j.counts.failed),
    skipped: total(j.counts.skipped),
    "model calls": j.counts.calls,
    "tokens in": j.counts.inputTokens,
    "tokens out": j.counts.outputTokens,
  }));
  return tableOutput(rows, undefined, maxBytes);
}

/** Mean per judge with its 95% interval as error bars, as a share of each judge's scale so 0-1 and 1-5 judges read alike. */
export function judgeScoreBars(run: JudgeResults): CellOutput {
  return {
    kind: "chart",
    spec: {
      type: "bar",
      title: `Mean judge score with 95% interval, as a share of each judge's scale (${run.repeats} repeats per item)`,
      data: run.judges.map((j) => ({
        judge: j.judge,
        score: j.overall.mean === null ? null : scaled(j.overall.mean, j.scale),
        low: j.overall.ci ? scaled(j.overall.ci.low, j.scale) : null,
        high: j.overall.ci ? scaled(j.overall.ci.high, j.scale) : null,
      })),
      x: "judge",
      y: ["score"],
      intervals: { score: { low: "low", high: "high" } },
    },
  };
}

const BINS = 5;

/** How item scores spread: a histogram of item means per judge, binned by share of the judge's scale. */
export function scoreDistribution(run: JudgeResults): CellOutput {
  const rows = Array.from({ length: BINS }, (_, b) => ({ bin: `${(b * 100) / BINS}–${((b + 1) * 100) / BINS}%` }) as Record<string, string | number>);
  for (const j of run.judges) {
    for (const row of rows) row[j.judge] = 0;
    for (const item of j.items) {
      if (item.mean === null) continue;
      const bin = Math.min(BINS - 1, Math.floor(scaled(item.mean, j.scale) * BINS));
      rows[bin][j.judge] = Number(rows[bin][j.judge]) + 1;
    }
  }
  return {
    kind: "chart",
    spec: { type: "bar", title: "Items per score range (item mean as a share of the judge's scale)", data: rows, x: "bin", y: run.judges.map((j) => j.judge) },
  };
}

/** The items to read by hand: an interval straddling the threshold, or judgements that failed. */
export function itemsToReview(run: JudgeResults, maxBytes: number): CellOutput | undefined {
  const rows = run.judges.flatMap((j) =>
    j.items
      .filter((it) => it.undecided || it.failures.length > 0)
      .map((it) => ({
        item: it.id,
        judge: j.judge,
        scores: it.scores.join(", "),
        "95% CI": it.ci ? `${r3(it.ci.low)} – ${r3(it.ci.high)}` : "n/a",
        why: it.undecided ? "interval straddles the threshold" : it.failures.join("; "),
      })),
  );
  const failedAnswers = run.answerFailures.map((f) => ({ item: f.id, judge: "(answer)", scores: "", "95% CI": "n/a", why: `${f.kind}: ${f.message}` }));
  const all = [...failedAnswers, ...rows];
  return all.length > 0 ? tableOutput(all, undefined, maxBytes) : undefined;
}

const runLabel = (run: Pick<JudgeResults, "id" | "experiment">) => (run.experiment ? `${run.experiment.point} (${run.id.slice(0, 6)})` : run.id.slice(0, 8));

/** Everything a run spent: generating answers plus every judge's calls. */
export function runTokens(run: JudgeResults): JudgeResults["answerTokens"] {
  return {
    input: run.answerTokens.input + run.judges.reduce((t, j) => t + j.counts.inputTokens, 0),
    output: run.answerTokens.output + run.judges.reduce((t, j) => t + j.counts.outputTokens, 0),
  };
}

/**
 * Two runs side by side: each judge's mean (scaled to 0-1, with intervals),
 * next to the retrieval metrics of the grid points the answers came from.
 */
export function compareJudgeRuns(a: JudgeResults, b: JudgeResults, maxBytes: number): CellOutput[] {
  const [la, lb] = [`A: ${runLabel(a)}`, `B: ${runLabel(b)}`];
  const judges = [...new Set([...a.judges, ...b.judges].map((j) => j.judge))];
  const find = (run: JudgeResults, name: string) => run.judges.find((j) => j.judge === name);
  const rows: Record<string, string | number | null>[] = judges.map((name) => {
    const [ja, jb] = [find(a, name), find(b, name)];
    const at = (j: JudgeResult | undefined, end: "low" | "high") => (j?.overall.ci ? scaled(j.overall.ci[end], j.scale) : null);
    return {
      metric: name,
      [la]: ja?.overall.mean == null ? null : scaled(ja.overall.mean, ja.scale),
      [`${la} low`]: at(ja, "low"),
      [`${la} high`]: at(ja, "high"),
      [lb]: jb?.overall.mean == null ? null : scaled(jb.overall.mean, jb.scale),
      [`${lb} low`]: at(jb, "low"),
      [`${lb} high`]: at(jb, "high"),
    };
  });
  for (const [metric, key] of [["hit@k", "hitRate"], ["MRR", "mrr"]] as const) {
    if (a.experiment || b.experiment) rows.push({ metric, [la]: a.experiment ? r3(a.experiment[key]) : null, [lb]: b.experiment ? r3(b.experiment[key]) : null });
  }
  const table = rows.map((r) => ({
    // Judge means are shown on a 0-1 scale here, so a 4.2 of 5 reads 0.8: say so where it could mislead.
    metric: judges.includes(String(r.metric)) ? `${r.metric} (share of scale)` : r.metric,
    [la]: r[la],
    [lb]: r[lb],
    "B − A": typeof r[la] === "number" && typeof r[lb] === "number" ? r3(r[lb] - r[la]) : null,
  }));
  const [ta, tb] = [runTokens(a), runTokens(b)];
  table.push({ metric: "tokens (in + out)", [la]: ta.input + ta.output, [lb]: tb.input + tb.output, "B − A": tb.input + tb.output - (ta.input + ta.output) });
  return [
    tableOutput(table, undefined, maxBytes),
    {
      kind: "chart",
      spec: {
        type: "bar",
        title: "Judge scores (share of scale, 95% interval) next to retrieval metrics",
        data: rows,
        x: "metric",
        y: [la, lb],
        intervals: { [la]: { low: `${la} low`, high: `${la} high` }, [lb]: { low: `${lb} low`, high: `${lb} high` } },
      },
    },
    costChart([
      { ...a, tokens: ta },
      { ...b, tokens: tb },
    ]),
  ];
}

/** Tokens spent per run, split into prompt (in) and reply (out): what each run cost. */
export function costChart(runs: readonly (Pick<JudgeRunSummary, "id" | "experiment" | "tokens">)[]): CellOutput {
  return {
    kind: "chart",
    spec: {
      type: "bar",
      title: "Tokens per run (answers + judging)",
      data: runs.map((r) => ({ run: runLabel(r), "tokens in": r.tokens.input, "tokens out": r.tokens.output })),
      x: "run",
      y: ["tokens in", "tokens out"],
    },
  };
}

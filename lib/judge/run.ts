import { LabError } from "../errors";
import type { RetryOptions } from "../llm/retry";
import { traceScope } from "../llm/trace";
import { createAsk } from "./ask";
import type { JudgeCache } from "./cache";
import { createLimiter } from "./limit";
import { summarize, type Summary } from "./stats";
import { JudgeFailure, type Judge, type JudgeFailureKind, type JudgeModel } from "./types";

export interface JudgeItem<I> {
  id: string;
  input: I;
}

export type SkipReason = "cancelled" | "not_applicable";

/** One repeat of one item. Every repeat ends in exactly one of these: nothing is dropped. */
export type JudgeOutcome<D> =
  | ({ status: "ok"; repeat: number; score: number; details: D; cached: boolean } & Cost)
  | ({ status: "failed"; repeat: number; kind: JudgeFailureKind; message: string } & Cost)
  | ({ status: "skipped"; repeat: number; reason: SkipReason; message: string } & Cost);

/** What one judgement cost: model calls (retries included) and the tokens the server reported. */
interface Cost {
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

export interface ItemResult<D> {
  id: string;
  outcomes: JudgeOutcome<D>[];
  /** Over the repeats that produced a score. */
  summary: Summary;
}

export interface RunCounts {
  ok: number;
  failed: Partial<Record<JudgeFailureKind, number>>;
  skipped: Partial<Record<SkipReason, number>>;
  /** Model calls made, retries included; 0 when everything came from the cache. */
  calls: number;
  /** Tokens reported by the model server (0 when it reports none). */
  inputTokens: number;
  outputTokens: number;
}

export interface JudgeRun<D> {
  judge: string;
  scale: { min: number; max: number };
  modelId: string;
  repeats: number;
  items: ItemResult<D>[];
  counts: RunCounts;
}

export interface RunOptions<I = unknown> {
  model: JudgeModel;
  /** Each item is judged this many times, to see how much the judge varies. */
  repeats?: number;
  /** Judgements in flight at once. */
  concurrency?: number;
  cache?: JudgeCache;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Extra attempts after an unusable reply, each told what was wrong. */
  formatRetries?: number;
  /** Back-off for rate limits, 5xx and timeouts. */
  retry?: Omit<RetryOptions, "signal">;
  /** The passages an input was judged against, for the LLM trace. */
  contextOf?: (input: I) => readonly string[];
  /** Shared across the runs of one job so a hung model stops them all after one timeout (see AskOptions.stall). */
  stall?: { message?: string };
}

const LIMITS = { repeats: 50, concurrency: 32, formatRetries: 5 } as const;

function checkedInt(name: keyof typeof LIMITS, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min || value > LIMITS[name]) {
    throw new LabError("bad_input", `${name} must be a whole number from ${min} to ${LIMITS[name]}; got ${value}.`);
  }
  return value;
}

export async function runJudgements<I, D>(
  items: readonly JudgeItem<I>[],
  judge: Judge<I, D>,
  options: RunOptions<I>,
): Promise<JudgeRun<D>> {
  const repeats = checkedInt("repeats", options.repeats ?? 1, 1);
  const formatRetries = checkedInt("formatRetries", options.formatRetries ?? 2, 0);
  const limit = createLimiter(checkedInt("concurrency", options.concurrency ?? 4, 1));
  const { signal } = options;
  const stall = options.stall ?? {};
  const total = items.length * repeats;
  let done = 0;

  const judgeOnce = async (input: I, repeat: number): Promise<JudgeOutcome<D>> => {
    const tally = { calls: 0, inputTokens: 0, outputTokens: 0 };
    const cancelled = (): JudgeOutcome<D> => ({
      status: "skipped",
      repeat,
      reason: "cancelled",
      message: "The run was cancelled before this judgement finished.",
      ...tally,
    });
    if (signal?.aborted) return cancelled();
    const ask = createAsk(
      { model: options.model, repeat, cache: options.cache, formatRetries, retry: { ...options.retry, signal }, stall },
      tally,
    );
    try {
      const verdict = await traceScope({ source: `judge:${judge.name}`, context: options.contextOf?.(input).slice() }, () => judge.judge(input, ask));
      if ("notApplicable" in verdict) {
        return { status: "skipped", repeat, reason: "not_applicable", message: verdict.notApplicable, ...tally };
      }
      const { score, details } = verdict;
      return { status: "ok", repeat, score, details, ...tally, cached: tally.calls === 0 };
    } catch (error) {
      if (signal?.aborted) return cancelled();
      if (error instanceof JudgeFailure) {
        return { status: "failed", repeat, kind: error.kind, message: error.message, ...tally };
      }
      throw error;
    }
  };

  const results = await Promise.all(
    items.map(async (item): Promise<ItemResult<D>> => {
      const outcomes = await Promise.all(
        Array.from({ length: repeats }, (_, repeat) =>
          limit(() => judgeOnce(item.input, repeat)).then((outcome) => {
            options.onProgress?.({ done: ++done, total });
            return outcome;
          }),
        ),
      );
      const scores = outcomes.flatMap((o) => (o.status === "ok" ? [o.score] : []));
      return { id: item.id, outcomes, summary: summarize(scores) };
    }),
  );

  return {
    judge: judge.name,
    scale: judge.scale,
    modelId: options.model.id,
    repeats,
    items: results,
    counts: countOutcomes(results.flatMap((r) => r.outcomes)),
  };
}

function countOutcomes(outcomes: readonly JudgeOutcome<unknown>[]): RunCounts {
  const counts: RunCounts = { ok: 0, failed: {}, skipped: {}, calls: 0, inputTokens: 0, outputTokens: 0 };
  for (const outcome of outcomes) {
    counts.calls += outcome.calls;
    counts.inputTokens += outcome.inputTokens;
    counts.outputTokens += outcome.outputTokens;
    if (outcome.status === "ok") counts.ok++;
    else if (outcome.status === "failed") counts.failed[outcome.kind] = (counts.failed[outcome.kind] ?? 0) + 1;
    else counts.skipped[outcome.reason] = (counts.skipped[outcome.reason] ?? 0) + 1;
  }
  return counts;
}

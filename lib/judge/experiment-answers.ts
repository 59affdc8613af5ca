import type { AppDb } from "@/lib/db/app-db";
import type { Embedder } from "@/lib/embeddings";
import type { IngestDeps } from "@/lib/ingest/pipeline";
import { search } from "@/lib/retrieval/search";
import { resolveQuestionSet } from "@/lib/eval/questions";
import { LabError } from "@/lib/errors";
import type { ExperimentRecord, PointResult } from "@/lib/experiments/runner";
import type { JobContext } from "@/lib/jobs/manager";
import { classifyLlmError } from "@/lib/llm/errors";
import { callChat } from "@/lib/llm/call";
import { traceScope } from "@/lib/llm/trace";
import { DEFAULT_RAG_TEMPLATE, fillRagTemplate, numberedContext } from "@/lib/sdk/rag-prompt";
import { gridSpecSchema } from "@/lib/experiments/contract";
import { retrievalOf } from "@/lib/experiments/compare";
import { pointFusion } from "@/lib/experiments/spec";
import type { Fusion, JudgeResults, RetrievalLever } from "@/lib/sdk/types";
import type { KeywordIndex, RetrievalMode as SearchMode } from "@/lib/retrieval/contract";
import { createLimiter } from "./limit";
import type { JudgeItem } from "./contract";
import type { TokenCount } from "./run-spec";
import type { JudgeModel } from "./types";

/** The grid point whose retrieval the answers used, with its retrieval metrics for comparison. */
export type AnsweredPoint = NonNullable<JudgeResults["experiment"]>;

export interface AnswerDeps {
  db: AppDb;
  learner: string;
  model: JudgeModel;
  /** The texts of the top-k passages for a query, best first, searched as the grid point did (its collection, embedder, mode and k). */
  retrieve(point: { collection: string; modelId: string; k: number; mode: SearchMode; fusion?: Fusion; keywords?: KeywordIndex; levers?: RetrievalLever[] }, query: string): Promise<string[]>;
}

/**
 * Retrieval for answering a grid point's questions, with the embedder the
 * point was built with (found by model id among the server's configured
 * ones), which need not be the server's default.
 */
export function gridPointRetrieval(configured: () => readonly Embedder[], deps: () => Promise<Omit<IngestDeps, "embedder">>): AnswerDeps["retrieve"] {
  return async ({ collection, modelId, k, mode, fusion, keywords, levers }, query) => {
    const embedder = configured().find((e) => e.id === modelId);
    if (!embedder) throw new LabError("unavailable", `The grid point was embedded with ${modelId}, which is not configured on this server.`);
    return (await search({ collection, query, k, mode, fusion, keywords, levers }, { ...(await deps()), embedder })).hits.map((h) => h.chunk.text);
  };
}

export interface GeneratedAnswers {
  point: AnsweredPoint;
  samples: JudgeItem[];
  failures: { id: string; kind: string; message: string }[];
  tokens: TokenCount;
}

interface StoredAnswer {
  sample: JudgeItem;
  tokens: TokenCount;
}

/** The requested point, or the one with the best MRR; KVG points have no single collection search to repeat. */
function choosePoint(record: ExperimentRecord, index?: number): PointResult & { mode: SearchMode } {
  const searchable = (p: PointResult): p is PointResult & { mode: SearchMode } => p.mode !== "kvg";
  if (index !== undefined) {
    const point = record.points[index];
    if (!point) throw new LabError("bad_input", `Experiment ${record.id} has points 0 to ${record.points.length - 1}; there is no point ${index}.`);
    if (!searchable(point)) throw new LabError("bad_input", `Point ${index} is a knowledge-vector-graph point; pick a vector, bm25 or hybrid point.`);
    return point;
  }
  const best = record.points.filter(searchable).sort((a, b) => b.summary.mrr - a.summary.mrr)[0];
  if (!best) throw new LabError("bad_input", `Experiment ${record.id} has no vector, bm25 or hybrid point to answer from.`);
  return best;
}

/**
 * Answers an experiment's questions with the configured model, retrieving
 * as the chosen grid point did. Answers are stored per (model, point), so
 * judging the same run again, or with other judges, costs no generation.
 * A question whose answer fails is listed with its classified failure and
 * the others go on.
 */
export async function answerExperimentQuestions(
  record: ExperimentRecord,
  options: { questions?: number; point?: number; concurrency: number },
  deps: AnswerDeps,
  ctx: JobContext,
): Promise<GeneratedAnswers> {
  const point = choosePoint(record, options.point);
  // The questions the grid scored (those with evidence in its talks), in set order.
  const scored = new Set(point.perQuestion.map((q) => q.id));
  const spec = gridSpecSchema.safeParse(record.spec);
  // Runs stored before question sets were ids or inline sets may name a file the server no longer reads.
  if (!spec.success) throw new LabError("bad_input", `Experiment ${record.id} was stored with a spec this version cannot replay; run the grid again.`);
  const { set } = await resolveQuestionSet(spec.data.questions);
  const questions = set.questions.filter((q) => scored.has(q.id)).slice(0, options.questions);
  const setName = record.questionSet.id ?? `the set with hash ${record.questionSet.hash}`;
  if (questions.length === 0) throw new LabError("bad_input", `The point ${point.chunkerLabel} ${point.mode} k=${point.k} scored no question that is still in ${setName}.`);
  // Points that differ only in levers retrieve differently, so their answers are stored apart.
  const variant = `${deps.model.id}|${point.chunkerLabel}|${retrievalOf(point)}|k${point.k}`;
  // Hybrid points fused their rankings as the grid said (or with their fitted weight); answers retrieve the same way.
  const fusion = pointFusion(point, spec.data.hybrid);
  const stored = (await deps.db.judging.answers(deps.learner, record.id, variant)) as Map<string, StoredAnswer>;
  const limit = createLimiter(options.concurrency);
  const failures: GeneratedAnswers["failures"] = [];
  // The first error that is not a model failure ends the job; queued questions must not call the model after it.
  const broken = new AbortController();
  const signal = AbortSignal.any([ctx.signal, broken.signal]);
  // Tokens of answers generated but unusable (empty): spent all the same.
  const spent = { input: 0, output: 0 };
  let done = 0;

  const answered = await Promise.all(
    questions.map((q) =>
      limit(async (): Promise<StoredAnswer | undefined> => {
        try {
          const known = stored.get(q.id);
          if (known) return known;
          signal.throwIfAborted();
          const contexts = await deps.retrieve({ ...point, fusion }, record.rewrittenQueries?.[q.id] ?? q.question);
          const prompt = fillRagTemplate(DEFAULT_RAG_TEMPLATE, numberedContext(contexts), q.question);
          const reply = await traceScope({ source: "rag", context: contexts }, () =>
            callChat(deps.model.chat, prompt, { signal }),
          );
          const answer: StoredAnswer = {
            sample: { id: q.id, question: q.question, answer: reply.text, contexts, ...(q.reference_answer ? { reference: q.reference_answer } : {}) },
            tokens: { input: reply.usage_metadata?.input_tokens ?? 0, output: reply.usage_metadata?.output_tokens ?? 0 },
          };
          if (!answer.sample.answer.trim()) {
            failures.push({ id: q.id, kind: "empty", message: "The model returned an empty answer." });
            spent.input += answer.tokens.input;
            spent.output += answer.tokens.output;
            return undefined;
          }
          await deps.db.judging.saveAnswer(deps.learner, record.id, variant, q.id, answer);
          return answer;
        } catch (error) {
          const failure = classifyLlmError(error);
          if (!failure) {
            broken.abort();
            throw error;
          }
          failures.push({ id: q.id, kind: failure.kind, message: failure.message });
          return undefined;
        } finally {
          ctx.progress({ stage: "answering", done: ++done, total: questions.length, message: `Answering the run's questions with ${deps.model.id}` });
        }
      }),
    ),
  );
  const kept = answered.filter((a): a is StoredAnswer => a !== undefined);
  return {
    point: { id: record.id, point: `${point.chunkerLabel} ${point.mode} k=${point.k}`, mode: point.mode, k: point.k, hitRate: point.summary.hitRate, mrr: point.summary.mrr },
    samples: kept.map((a) => a.sample),
    failures,
    // Stored answers cost nothing this time.
    tokens: kept.reduce((t, a) => (stored.has(a.sample.id) ? t : { input: t.input + a.tokens.input, output: t.output + a.tokens.output }), spent),
  };
}

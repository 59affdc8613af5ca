import { cypherOutputs } from "@/lib/kernel/cypher-outputs";
import { LabApiError, type ApiClient } from "@/lib/api/client";
import { getDatasets } from "@/lib/captions/contract";
import { deleteExperiment, drilldownExperiment, listExperiments, readExperiment, rerunExperiment, startGridRun } from "@/lib/experiments/contract";
import { chunkPreview, listCollections, resolveCorpus, startIngest } from "@/lib/ingest/contract";
import { getJob, type JobRecord } from "@/lib/jobs/contract";
import { listClaimReviews, listJudgeRuns, listJudgeTemplates, readJudgeRun, startJudgeRun } from "@/lib/judge/contract";
import { chatModel, chatStream } from "@/lib/llm/contract";
import { searchCollection } from "@/lib/retrieval/contract";
import { graphQuery, graphSchema, graphState, resetScratch } from "@/lib/graph/contract";
import { qaAgent, qaCypher, qaRetrieve, qaVector } from "@/lib/qa/contract";
import { computeTriangle, mineTriples, startKvgCompare, triangleExamples } from "@/lib/similarity/contract";
import { attemptExercise } from "@/lib/exercises/contract";
import { listLessons } from "@/lib/lessons/contract";
import type { CellOutput } from "@/lib/kernel/outputs";
import type { JobEnd } from "@/lib/kernel/protocol";
import { tableOutput, toJson, valueOutput } from "@/lib/kernel/to-output";
import { comparisonTable, intervalBars, metricByK, qualityVsTokens, chunkerByKHeatmap, runComparison, splitView } from "@/lib/experiments/views";
import { compareJudgeRuns, costChart, itemsToReview, judgeScoreBars, judgeSummaryTable, scoreDistribution } from "@/lib/judge/views";
import { isLabErrorCode, labErrorStatus } from "@/lib/errors";
import { DEFAULT_RAG_TEMPLATE, fillRagTemplate, numberedContext } from "./rag-prompt";
import { cohenKappa } from "@/lib/judge/kappa";
import { claimsReviewOutput } from "@/lib/judge/reviews";
import type {
  ChartInput,
  ChunkerConfig,
  ChunkSet,
  Corpus,
  Experiment,
  ExperimentSummary,
  GridSpec,
  QualityMetric,
  ChatMessage,
  IngestResult,
  KvgComparison,
  JudgeRunSummary,
  RagAnswer,
  Lab,
  SourceRef,
} from "./types";

export interface LabContext {
  emit(output: CellOutput): void;
  /** Waits for a server job to end; the page follows it and shows its progress in the cell. */
  follow(jobId: string, label: string): Promise<JobEnd>;
  /** The one client for /api (lib/api/client.ts). */
  api: ApiClient;
  maxOutputBytes: number;
}

/** A job the cell waited on did not finish: it failed, was cancelled, or stalled. */
export class JobError extends Error {
  constructor(end: Exclude<JobEnd, { status: "done" }>) {
    super(
      end.status === "stalled"
        ? `Job stalled: its progress has not moved for ${end.stalledS} s. It may still be running on the server: cancel it from its bar, or wait and check the jobs list.`
        : end.error,
    );
    this.name = end.status === "stalled" ? "JobStalled" : end.status === "cancelled" ? "JobCancelled" : "JobFailed";
  }
}


const round = (v: number) => Math.round(v * 1000) / 1000;

/** The JSON parts of a UI message stream (server-sent events, `data: {...}` lines). */
async function* uiMessageParts(body: ReadableStream<Uint8Array>): AsyncGenerator<{ type?: string; delta?: unknown; errorText?: unknown }> {
  const decoder = new TextDecoder();
  let buffer = "";
  for (const reader = body.getReader(); ; ) {
    const { done, value } = await reader.read();
    buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
    const lines = buffer.split("\n");
    buffer = done ? "" : (lines.pop() ?? "");
    for (const line of lines) {
      const data = line.startsWith("data:") ? line.slice(5).trim() : "";
      if (data && data !== "[DONE]") yield JSON.parse(data);
    }
    if (done) return;
  }
}

/** An error part reads "code: message" (app/api/llm/chat/route.ts); the code keeps its HTTP status. */
function streamError(errorText: string): LabApiError {
  const match = /^([a-z_]+): ([\s\S]*)$/.exec(errorText);
  const code = match?.[1];
  if (code === "internal") return new LabApiError(500, code, match?.[2] ?? "");
  if (!isLabErrorCode(code)) return new LabApiError(502, "bad_gateway", errorText || "The chat stream failed.");
  return new LabApiError(labErrorStatus(code), code, match?.[2] ?? "");
}

/** The `lab` object cells use. Display calls are local; the rest go to /api. */
export function createLab(ctx: LabContext): Lab {
  async function corpus(source: SourceRef): Promise<Corpus> {
    const answer = await ctx.api.call(resolveCorpus, { input: source });
    // The server does not send an uploaded file's text back: the corpus keeps it, for lab.chunk and lab.ingest to send.
    return { ...answer, source: answer.source.kind === "file" ? source : answer.source };
  }

  /** Waits for a job while the page shows its progress; its result, or an error naming how it ended. */
  async function followJob(job: JobRecord, label: string): Promise<unknown> {
    const end = await ctx.follow(job.id, label);
    if (end.status === "done") return end.result;
    throw new JobError(end);
  }

  function showRun(run: Experiment, options?: { metric?: QualityMetric; mode?: string }) {
    const metric = options?.metric ?? "mrr";
    const mode = options?.mode ?? run.points[0]?.mode ?? "vector";
    for (const text of run.warnings ?? []) ctx.emit({ kind: "text", stream: "warn", text });
    if (run.split) for (const output of splitView(run.points, run.split, ctx.maxOutputBytes)) ctx.emit(output);
    ctx.emit(comparisonTable(run.points, ctx.maxOutputBytes, metric));
    ctx.emit(intervalBars(run.points, metric));
    ctx.emit(chunkerByKHeatmap(run.points, metric, mode));
    ctx.emit(metricByK(run.points, metric));
    ctx.emit(qualityVsTokens(run.points, metric));
  }

  async function followGrid(job: JobRecord, options?: { metric?: QualityMetric; show?: boolean }): Promise<Experiment> {
    const summary = (await followJob(job, "Retrieval grid")) as ExperimentSummary;
    const run = await ctx.api.call(readExperiment, { params: { id: summary.id } });
    if (options?.show !== false) showRun(run, options);
    return run;
  }

  const judgeRun = (id: string) => ctx.api.call(readJudgeRun, { params: { id } });

  /**
   * Streams /api/llm/chat (the AI SDK's UI message stream) into one text
   * output that grows as tokens arrive; `trace` labels the call in the
   * notebook's LLM trace. A failure, before or after the first token, is
   * thrown as a LabApiError with its class as code: never returned as text.
   */
  async function chat(messages: ChatMessage[], trace?: { source: string; context?: string[] }): Promise<string> {
    const res = await ctx.api.open(chatStream, { input: { messages, ...trace } });
    if (!res.body) throw new LabApiError(502, "bad_gateway", "The chat stream had no body.");
    const id = `chat-${Math.random().toString(36).slice(2)}`;
    let text = "";
    for await (const part of uiMessageParts(res.body)) {
      if (part.type === "text-delta" && typeof part.delta === "string") {
        text += part.delta;
        ctx.emit({ kind: "text", id, text, stream: "result" });
      } else if (part.type === "error") {
        throw streamError(String(part.errorText ?? ""));
      }
    }
    return text;
  }

  return {
    display(value: unknown) {
      ctx.emit(valueOutput(value, ctx.maxOutputBytes));
    },
    table(rows: readonly object[], options?: { columns?: string[] }) {
      if (!Array.isArray(rows)) throw new TypeError("lab.table expects an array of row objects");
      ctx.emit(tableOutput(rows, options?.columns, ctx.maxOutputBytes));
    },
    chart(spec: ChartInput) {
      ctx.emit({ kind: "chart", spec });
    },
    sleep(ms: number) {
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
    async lessons() {
      return (await ctx.api.call(listLessons)).lessons;
    },
    async datasets() {
      return (await ctx.api.call(getDatasets)).datasets;
    },
    captions: {
      dataset: (name, options) => corpus({ kind: "dataset", name, only: options?.only }),
      fromChannel: (channelId, options) => corpus({ kind: "channel", channelId, limit: options?.limit ?? 5 }),
      fromVideo: (videoId) => corpus({ kind: "video", videoId }),
      fromFile: (filename, text) => corpus({ kind: "file", filename, text }),
    },
    chunk(c: Corpus, config: ChunkerConfig, options?: { documents?: number }) {
      return ctx.api.call(chunkPreview, { input: { source: c.source, chunker: config, documents: options?.documents ?? 1 } });
    },
    showChunks(set: ChunkSet, options?: { docId?: string }) {
      const doc = options?.docId ? set.transcripts.find((t) => t.docId === options.docId) : set.transcripts[0];
      if (!doc) throw new Error(`No transcript ${options?.docId ?? ""} in this chunk set`);
      const text = doc.text.slice(0, ctx.maxOutputBytes / 2);
      const chunks = set.chunks
        .filter((c) => c.docId === doc.docId && c.startChar < text.length)
        .map(({ index, startChar, endChar, startS, endS, tokens, citation }) => ({ index, startChar, endChar: Math.min(endChar, text.length), startS, endS, tokens, citation }));
      ctx.emit({ kind: "chunks", title: doc.title, url: doc.url, text, truncatedFrom: text.length < doc.text.length ? doc.text.length : undefined, chunks });
    },
    jobs: {
      follow: async (jobId, options) => followJob(await ctx.api.call(getJob, { params: { id: jobId } }), options?.label ?? "Job"),
    },
    async ingest(c: Corpus, config: ChunkerConfig) {
      const job = await ctx.api.call(startIngest, { input: { source: c.source, chunker: config } });
      return (await followJob(job, `Ingesting ${c.corpus}`)) as IngestResult;
    },
    async search(collection, query, options) {
      return (await ctx.api.call(searchCollection, { input: { collection, query, ...options } })).hits;
    },
    async collections() {
      return (await ctx.api.call(listCollections)).collections;
    },
    async submit(exerciseId, value) {
      // Sent as the cell would show it, so a check sees the same value whether it came from here or the Check button.
      const { passed, reason, hint } = await ctx.api.call(attemptExercise, { params: { id: exerciseId }, input: { value: toJson(value) } });
      const verdict = passed === null ? reason : `${passed ? "✓" : "✗"} ${reason}`;
      ctx.emit({ kind: "text", text: hint ? `${verdict}\nHint: ${hint}` : verdict, stream: passed === false ? "warn" : "info" });
      return { passed, reason, ...(hint ? { hint } : {}) };
    },
    llm: {
      chat: (prompt) => chat(typeof prompt === "string" ? [{ role: "user", content: prompt }] : prompt),
    },
    rag: {
      defaultTemplate: DEFAULT_RAG_TEMPLATE,
      async answer(question, options): Promise<RagAnswer> {
        const { hits } = await ctx.api.call(searchCollection, {
          input: { collection: options.collection, query: question, k: options.k ?? 3, mode: options.mode ?? "vector" },
        });
        const context = numberedContext(hits.map((h) => h.chunk.text));
        const prompt = fillRagTemplate(options.template ?? DEFAULT_RAG_TEMPLATE, context, question);
        ctx.emit({ kind: "text", stream: "info", text: `Prompt sent to the model:\n\n${prompt}` });
        const sources = hits.map((h, i) => ({ n: i + 1, citation: h.chunk.citation, startS: h.chunk.startS, docId: h.chunk.docId }));
        const answer = await chat([{ role: "user", content: prompt }], { source: "rag", context: hits.map((h) => h.chunk.text) });
        ctx.emit(tableOutput(sources, undefined, ctx.maxOutputBytes));
        return { question, prompt, answer, sources };
      },
    },
    judge: {
      async run(spec) {
        const job = await ctx.api.call(startJudgeRun, { input: spec });
        const { id } = (await followJob(job, spec.experiment ? `Answering and judging experiment ${spec.experiment.id}` : "Judging")) as JudgeRunSummary;
        const run = await judgeRun(id);
        ctx.emit(judgeSummaryTable(run, ctx.maxOutputBytes));
        ctx.emit(judgeScoreBars(run));
        ctx.emit(scoreDistribution(run));
        const flagged = itemsToReview(run, ctx.maxOutputBytes);
        if (flagged) ctx.emit(flagged);
        const claims = claimsReviewOutput(run, { maxBytes: ctx.maxOutputBytes });
        if (claims) ctx.emit(claims);
        return run;
      },
      async templates() {
        return (await ctx.api.call(listJudgeTemplates)).templates;
      },
      async compare(a, b) {
        if (!a || !b) {
          // Usually the cell that made the runs failed for want of a model: say that (503 not_configured) rather than fail on undefined.
          await ctx.api.call(chatModel);
          throw new LabApiError(400, "bad_input", "lab.judge.compare needs two judge runs or their ids; the cell that makes them has not finished: run it first.");
        }
        const [runA, runB] = await Promise.all([a, b].map((r) => (typeof r === "string" ? judgeRun(r) : r)));
        for (const output of compareJudgeRuns(runA, runB, ctx.maxOutputBytes)) ctx.emit(output);
      },
      async runs() {
        const { runs } = await ctx.api.call(listJudgeRuns);
        if (runs.length > 0) ctx.emit(costChart([...runs].reverse()));
        return runs;
      },
      agreement(pairs) {
        return cohenKappa(pairs.map((p) => [p.learner, p.judge] as [string, string]));
      },
      review(run) {
        const output = claimsReviewOutput(run, { maxBytes: ctx.maxOutputBytes });
        ctx.emit(output ?? { kind: "text", stream: "info", text: "This run has no faithfulness claims to review: judge it with \"faithfulness\" among the judges." });
      },
      reviews: () => ctx.api.call(listClaimReviews),
    },
    qa: {
      retrieve: (question, options) => ctx.api.call(qaRetrieve, { input: { question, k: options?.k } }),
      vector: (question, options) => ctx.api.call(qaVector, { input: { question, k: options?.k } }),
      cypher: (question, options) => ctx.api.call(qaCypher, { input: { question, cypher: options?.cypher } }),
      agent: (question) => ctx.api.call(qaAgent, { input: { question } }),
      async compare(question, options) {
        // One after the other: a local model server often serves one request at a time.
        const vector = await ctx.api.call(qaVector, { input: { question, k: options?.k } });
        const cypher = await ctx.api.call(qaCypher, { input: { question } });
        const evidence = (v: unknown) => JSON.stringify(v).slice(0, 400);
        ctx.emit(
          tableOutput(
            [
              { approach: "vector QA", answer: vector.answer, evidence: vector.retrieved.map((t) => `${t.properties.name} (${t.properties.status})`).join("; ") },
              { approach: "Cypher QA", answer: cypher.answer ?? "(no answer)", evidence: `${cypher.cypher ?? "(no query)"} → ${evidence(cypher.rows)}` },
            ],
            undefined,
            ctx.maxOutputBytes,
          ),
        );
      },
    },
    similarity: {
      async triangle(a, b, c, options) {
        const res = await ctx.api.call(computeTriangle, { input: { a, b, c } });
        // One triangle per configured embedder, so two models can be compared side by side.
        if (options?.show ?? true) {
          for (const t of [res, ...res.others]) {
            ctx.emit({ kind: "triangle", modelId: t.modelId, texts: t.texts, ab: t.ab, bc: t.bc, ac: t.ac });
            const names = ["A", "B", "C"];
            const data = t.matrix.flatMap((row, i) => row.map((v, j) => ({ x: names[j], y: names[i], cosine: round(v) })));
            ctx.emit({ kind: "chart", spec: { type: "heatmap", title: `Cosine similarity matrix (${t.modelId})`, data, x: "x", y: "y", value: "cosine" } });
          }
          for (const u of res.unavailable) ctx.emit({ kind: "text", stream: "warn", text: `No triangle from ${u.modelId}: ${u.reason}` });
        }
        return res;
      },
      async examples() {
        return (await ctx.api.call(triangleExamples)).examples;
      },
      mineTriples: (collection, options) => ctx.api.call(mineTriples, { input: { collection, ...options } }),
      async compareKvg(collection, options) {
        const job = await ctx.api.call(startKvgCompare, { input: { collection, ...options } });
        const r = (await followJob(job, "Vector search vs graph hops")) as KvgComparison & { example: { graph: CellOutput } };
        const rows = r.points.map((p) => ({
          hops: p.hops,
          [`recall@${r.budget}`]: round(p.summary.recall),
          [`hit@${r.budget}`]: round(p.summary.hitRate),
          nDCG: round(p.summary.ndcg),
          "ctx precision": round(p.summary.contextPrecision),
          redundancy: round(p.summary.redundancy),
          "traversal p95 ms": p.traversalMsP95,
        }));
        ctx.emit(tableOutput(rows, undefined, ctx.maxOutputBytes));
        ctx.emit({ kind: "chart", spec: { type: "line", title: `Recall with ${r.budget} chunks against hop count (0 = plain vector top-${r.budget})`, data: rows, x: "hops", y: [`recall@${r.budget}`, "nDCG"] } });
        ctx.emit({ kind: "text", stream: "info", text: `Hops found gold evidence plain search missed for ${r.helped.length} questions, lost it for ${r.hurt.length}; for ${r.onlyNoise} of ${r.questions} questions every expanded chunk was noise.\nRetrieved subgraph for ${r.example.id}: "${r.example.question}"` });
        ctx.emit(r.example.graph);
        return r;
      },
    },
    experiments: {
      async run(spec?: GridSpec, options?: { metric?: QualityMetric; show?: boolean }) {
        const body = spec ?? { chunking: [{ kind: "token", size: [64, 128, 256, 384], overlap: 0 }], topK: [1, 3, 5, 10], modes: ["vector", "hybrid"] };
        return followGrid(await ctx.api.call(startGridRun, { input: body }), options);
      },
      async list() {
        return (await ctx.api.call(listExperiments)).experiments;
      },
      get: (id) => ctx.api.call(readExperiment, { params: { id } }),
      show: showRun,
      async compare(idA, idB, options) {
        const metric = options?.metric ?? "mrr";
        const [a, b] = await Promise.all([idA, idB].map((id) => ctx.api.call(readExperiment, { params: { id } })));
        const outputs = runComparison(a.points, b.points, metric, ctx.maxOutputBytes);
        const shared = outputs[0].kind === "table" ? outputs[0].rows.length : 0;
        ctx.emit({
          kind: "text",
          stream: "info",
          text: `${metric}: run A ${a.id.slice(0, 8)} (${a.modelId}, code ${a.codeVersion}) vs run B ${b.id.slice(0, 8)} (${b.modelId}, code ${b.codeVersion}); ${shared} shared grid points, each B − A paired over the questions both scored (2,000 resamples)`,
        });
        if (shared > 0) for (const output of outputs) ctx.emit(output);
        else ctx.emit({ kind: "text", stream: "warn", text: `These runs share no configuration (same chunker, mode and k), so there is nothing to compare. Run a grid that repeats some of run A's settings (lab.experiments.rerun("${a.id}") repeats all of them), then compare again.` });
      },
      async drilldown(id, questionId, pointA, pointB) {
        const res = await ctx.api.call(drilldownExperiment, { params: { id }, input: { question: questionId, point: [pointA, pointB] } });
        const [a, b] = res.points;
        type Hit = (typeof a.hits)[number];
        const cell = (h: Hit | undefined) => (h ? `${h.relevant ? "✔ GOLD " : ""}${h.docId.split(":").pop()} @${Math.floor(h.startS)}s: ${h.excerpt}` : "");
        // The trailing space keeps the columns apart when both points are the same.
        const rows = Array.from({ length: Math.max(a.hits.length, b.hits.length) }, (_, i) => ({ rank: i + 1, [a.key]: cell(a.hits[i]), [`${b.key} `]: cell(b.hits[i]) }));
        ctx.emit(tableOutput(rows, undefined, ctx.maxOutputBytes));
      },
      async rerun(id) {
        return followGrid(await ctx.api.call(rerunExperiment, { params: { id } }));
      },
      async remove(id) {
        await ctx.api.call(deleteExperiment, { params: { id } });
      },
    },
    graph: {
      load: (dataset) => ctx.api.call(graphState, { input: { dataset } }),
      async query(cypher, params, options) {
        const res = await ctx.api.call(graphQuery, { input: { cypher, params: params ?? {}, graph: options?.graph ?? "shared" } });
        if (options?.show) cypherOutputs(res, ctx.maxOutputBytes).forEach(ctx.emit);
        return res;
      },
      schema: () => ctx.api.call(graphSchema),
      async resetScratch() {
        await ctx.api.call(resetScratch);
      },
    },
  };
}

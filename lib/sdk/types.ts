/**
 * The `lab` SDK as learners see it in cells. Plain types only: this file is
 * turned into the declarations Monaco uses for completion (public/lab.d.ts),
 * beside the shapes the routes' contracts define (imported here).
 */
import type { DatasetInfo } from "@/lib/captions/contract";
import type { GridPointSummary, QualityMetric, QuestionSet } from "@/lib/eval/contract";
import type { Experiment, ExperimentSummary, GridSpecInput as GridSpec } from "@/lib/experiments/contract";
import type { ChunkerConfig, ChunkSet, CollectionInfo, Corpus, IngestResult } from "@/lib/ingest/contract";
import type { ClaimReviewRecord, JudgeResults, JudgeRunSummary, JudgeSpecInput as JudgeSpec, JudgeTemplate, KappaAgreement } from "@/lib/judge/contract";
import type { ChatMessage } from "@/lib/llm/contract";
import type { SearchHit } from "@/lib/retrieval/contract";
import type { GraphQueryResult, GraphSchema } from "@/lib/graph/contract";
import type { AgentResult, CypherQaResult, TaskRetrieval, VectorQaResult } from "@/lib/qa/contract";
import type { ExampleTriple, MinedTriples, TriangleResult } from "@/lib/similarity/contract";
import type { ExerciseVerdict } from "@/lib/exercises/contract";
import type { LessonInfo } from "@/lib/lessons/contract";

export type { DatasetInfo } from "@/lib/captions/contract";
export type { GridPointSummary, QualityMetric, QuestionScore, QuestionSet } from "@/lib/eval/contract";
export type { Experiment, ExperimentSplit, ExperimentSummary, GridPoint, GridSpecInput as GridSpec } from "@/lib/experiments/contract";
export type { Chunk, ChunkerConfig, ChunkSet, CollectionInfo, Corpus, DocumentSummary, IngestResult, SourceRef } from "@/lib/ingest/contract";
export type { ClaimReviewRecord, JudgeItem, JudgeResults, JudgeRunSummary, JudgeSpecInput as JudgeSpec, JudgeSummary, JudgeTemplate, KappaAgreement } from "@/lib/judge/contract";
export type { ChatMessage } from "@/lib/llm/contract";
export type { SearchHit } from "@/lib/retrieval/contract";

export type Scalar = string | number | boolean | null;

export type ChartInput =
  | {
      type: "bar" | "line" | "scatter";
      title?: string;
      data: Record<string, Scalar>[];
      /** Field for the x axis. */
      x: string;
      /** One or more numeric fields, each drawn as a series. */
      y: string[];
      /** Bar charts: fields holding each y series' interval, drawn as error bars (e.g. a 95% CI). */
      intervals?: Record<string, { low: string; high: string }>;
    }
  | {
      type: "heatmap";
      title?: string;
      data: Record<string, Scalar>[];
      x: string;
      y: string;
      /** Numeric field that colours each cell. */
      value: string;
    };


/** "sentence": each chunk ranked by its best sentence's similarity (every sentence embedded, cached). */
export type SearchMode = "vector" | "bm25" | "hybrid" | "sentence";

/**
 * Weighted reciprocal rank fusion for hybrid search:
 * score = vectorWeight / (k + vector rank) + (1 - vectorWeight) / (k + BM25 rank).
 */
export interface Fusion {
  /** 0 to 1 (default 0.5); BM25 gets the rest. */
  vectorWeight?: number;
  /** Default 60; smaller lets each list's top ranks count for more. */
  k?: number;
}


/** Narrows a search: one talk (docId or videoId), the talks of a speaker (part of the name, any case) and chunks overlapping [fromS, toS] seconds. */
export interface SearchFilter {
  docId?: string;
  videoId?: string;
  speaker?: string;
  fromS?: number;
  toS?: number;
}

/**
 * Retrieval levers applied over the engine's candidates: "prf" widens the keyword query with words of the top BM25
 * hits, "rerank" orders candidates by their best sentence's similarity, "mmr" trades relevance against redundancy.
 */
export type RetrievalLever = "prf" | "rerank" | "mmr";


export interface RagAnswer {
  question: string;
  prompt: string;
  answer: string;
  /** [n] in the answer refers to sources[n - 1]. */
  sources: { n: number; citation: string; startS: number; docId: string }[];
}


export interface KvgComparison {
  collection: string;
  budget: number;
  seeds: number;
  questions: number;
  points: { hops: number; summary: GridPointSummary; traversalMsP95: number }[];
  helped: { id: string; question: string }[];
  hurt: { id: string; question: string }[];
  onlyNoise: number;
  example: { id: string; question: string };
}

export interface Lab {
  /** Shows any value: text for strings, a collapsible tree for objects. */
  display(value: unknown): void;
  /** Shows rows as a sortable table; columns default to the keys of the rows. */
  table(rows: readonly object[], options?: { columns?: string[] }): void;
  /** Draws a bar, line, scatter or heatmap chart. */
  chart(spec: ChartInput): void;
  /** Waits, e.g. to watch a long-running cell being stopped. */
  sleep(ms: number): Promise<void>;
  /** The lessons on this server, in course order. */
  lessons(): Promise<LessonInfo[]>;
  /** The caption datasets shipped with the lab, with licence and credit. */
  datasets(): Promise<DatasetInfo[]>;
  captions: {
    /** A shipped dataset; `only` picks documents by YouTube id or document id. */
    dataset(name: "google-talks" | "practical-ai", options?: { only?: string[] }): Promise<Corpus>;
    /** The newest videos of a YouTube channel (needs internet on the server). */
    fromChannel(channelId: string, options?: { limit?: number }): Promise<Corpus>;
    /** One YouTube video's captions (needs internet on the server). */
    fromVideo(videoId: string): Promise<Corpus>;
    /** An SRT or WebVTT file's text. */
    fromFile(filename: string, text: string): Promise<Corpus>;
  };
  /** Chunks the first `documents` documents of a corpus (default 1), for inspection. */
  chunk(corpus: Corpus, config: ChunkerConfig, options?: { documents?: number }): Promise<ChunkSet>;
  /** Shows a transcript with its chunk boundaries coloured and overlaps marked. */
  showChunks(set: ChunkSet, options?: { docId?: string }): void;
  jobs: {
    /** Waits for a server job by id (one from the jobs list, say), with its progress bar in this cell; returns its result. */
    follow(jobId: string, options?: { label?: string }): Promise<unknown>;
  };
  /** Chunks, embeds and stores a corpus as a server job, with a progress bar; returns when done. */
  ingest(corpus: Corpus, config: ChunkerConfig): Promise<IngestResult>;
  /** Searches a collection; mode "vector" (default), "bm25" or "hybrid" (both rankings fused, weighted by `fusion`); `keywords: "stemmed"` matches word stems in BM25 (LanceDB). */
  search(
    collection: string,
    query: string,
    options?: { k?: number; mode?: SearchMode; filter?: SearchFilter; fusion?: Fusion; keywords?: "plain" | "stemmed"; levers?: RetrievalLever[] },
  ): Promise<SearchHit[]>;
  /** Your collections and the course's shared ones. */
  collections(): Promise<CollectionInfo[]>;
  /**
   * Sends `value` as your answer to an exercise (its id is in the exercise box); the server checks it and
   * answers with a verdict, a reason, and after a failed attempt the next hint. Shown in the cell.
   */
  submit(exerciseId: string, value: unknown): Promise<ExerciseVerdict>;
  llm: {
    /** Streams a reply from the server's chat model into the cell; returns the whole text. */
    chat(prompt: string | ChatMessage[]): Promise<string>;
  };
  rag: {
    /** Retrieves, builds a grounded prompt (shown; `template` may change it), streams the answer with numbered citations. */
    answer(question: string, options: { collection: string; k?: number; mode?: SearchMode; template?: string }): Promise<RagAnswer>;
    /** The default prompt template; {context} and {question} are filled in. */
    readonly defaultTemplate: string;
  };
  judge: {
    /**
     * Scores answers with LLM judges (faithfulness, relevancy, context_precision, context_recall, style, or your rubric),
     * N repeats each, as a server job; shows mean scores with 95% intervals and every failure counted.
     */
    run(spec: JudgeSpec): Promise<JudgeResults>;
    /** The judges' prompts, each with the placeholders a replacement must keep (and may use). */
    templates(): Promise<JudgeTemplate[]>;
    /** Two judge runs (results or ids) side by side: judge scores with intervals next to retrieval metrics, and tokens spent. */
    compare(a: JudgeResults | string, b: JudgeResults | string): Promise<void>;
    /** Your stored judge runs, newest first, with a chart of the tokens each cost. */
    runs(): Promise<JudgeRunSummary[]>;
    /** Cohen's kappa between your verdicts and the judge's (e.g. supported / unsupported per claim). */
    agreement(pairs: { learner: string; judge: string }[]): { kappa: number | null; observed?: number; reason?: string; n: number };
    /** Shows a judge run's faithfulness claims; agree with or overrule each verdict, and see your agreement with the judge. */
    review(run: JudgeResults): void;
    /** Your saved claim reviews (all runs) and your agreement with the judge over them. */
    reviews(): Promise<{ reviews: ClaimReviewRecord[]; agreement: KappaAgreement }>;
  };
  qa: {
    /** Vector retrieval over task descriptions plus the live open-task count (no LLM needed). */
    retrieve(question: string, options?: { k?: number }): Promise<TaskRetrieval>;
    /** Vector QA: the k retrieved tasks and the model's answer from them. */
    vector(question: string, options?: { k?: number }): Promise<VectorQaResult>;
    /** Cypher QA: generated (or your edited) Cypher, its attempts and failures, the rows and the answer. */
    cypher(question: string, options?: { cypher?: string }): Promise<CypherQaResult>;
    /** An agent choosing between the "tasks" and "graph" tools; its steps are returned. */
    agent(question: string): Promise<AgentResult>;
    /** One question through vector QA and Cypher QA, shown side by side with the evidence each used. */
    compare(question: string, options?: { k?: number }): Promise<void>;
  };
  similarity: {
    /** Pairwise cosine similarities of three texts, computed live; shown as a triangle with a threshold slider. */
    triangle(a: string, b: string, c: string, options?: { show?: boolean }): Promise<TriangleResult>;
    /** Example triples written for the lab, including the dropped-calls / congestion / 5G one. */
    examples(): Promise<ExampleTriple[]>;
    /** Triples in a collection with sim(A,B) and sim(B,C) high but sim(A,C) low; thresholds default to percentiles. */
    mineTriples(collection: string, options?: { tauHigh?: number; tauLow?: number; limit?: number; neighbours?: number }): Promise<MinedTriples>;
    /**
     * Plain vector top-k against vector seeds + graph hops (a "knowledge vector graph" over the chunks), with the
     * same total chunk budget, on the labelled questions. Builds the chunk graph first if needed, in your scratch graph.
     */
    compareKvg(collection: string, options?: { budget?: number; seeds?: number; hops?: number[]; questions?: string | QuestionSet }): Promise<KvgComparison>;
  };
  experiments: {
    /**
     * Runs a retrieval grid as a server job (progress bar), then shows it as `show` does. With `spec.split`, points are
     * ranked on the tuning part and the chosen one is scored on the test part.
     */
    run(spec?: GridSpec, options?: { metric?: QualityMetric; /** false: return the run without showing it (for a cell that runs several). */ show?: boolean }): Promise<Experiment>;
    list(): Promise<ExperimentSummary[]>;
    get(id: string): Promise<Experiment>;
    /**
     * Shows a run: with a split, the chosen configuration's tuning and test scores side by side (and your looks at that
     * test part); the comparison table with 95% intervals and each point's standing against the best by `metric`
     * (paired: "≈ best" when the data cannot tell them apart); the top points as bars with intervals; the chunker × k
     * heatmap, metric-vs-k lines and quality-vs-tokens scatter.
     */
    show(run: Experiment, options?: { metric?: QualityMetric; mode?: SearchMode }): void;
    /** Two runs' shared grid points: both values, B − A paired over the questions both scored with its 95% interval, and a verdict. */
    compare(idA: string, idB: string, options?: { metric?: QualityMetric }): Promise<void>;
    /** One question's retrieved chunks at two grid points ("chunker|mode", e.g. "token 128/0|vector"), gold evidence marked. */
    drilldown(id: string, questionId: string, pointA: string, pointB: string): Promise<void>;
    rerun(id: string): Promise<Experiment>;
    remove(id: string): Promise<void>;
  };
  graph: {
    /**
     * The course's shared DevOps graph: its node and relationship counts. It is
     * loaded only when missing (`imported: true`); re-importing it is for the instructor.
     */
    load(dataset: "devops"): Promise<{ nodes: number; relationships: number; imported: boolean }>;
    /**
     * Runs Cypher: read-only on the shared course graph, or read-write on your own scratch graph
     * (`graph: "scratch"`). Shows a table and a graph view when `show` is true.
     */
    query(cypher: string, params?: Record<string, unknown>, options?: { show?: boolean; graph?: "shared" | "scratch" }): Promise<GraphQueryResult>;
    /** Empties your scratch graph, knowledge vector graphs included (they are rebuilt when next needed). */
    resetScratch(): Promise<void>;
    schema(): Promise<GraphSchema>;
  };
}

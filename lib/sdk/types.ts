/**
 * The `lab` SDK as learners see it in cells. Plain types only: this file is
 * turned into the declarations Monaco uses for completion (public/lab.d.ts).
 */
import type { ExerciseVerdict } from "@/lib/exercises/contract";
import type { LessonInfo } from "@/lib/lessons/contract";

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


/** Where transcripts come from. */
export type SourceRef =
  | { kind: "dataset"; name: "google-talks" | "practical-ai"; only?: string[] }
  | { kind: "file"; filename: string; text: string }
  | { kind: "video"; videoId: string }
  | { kind: "channel"; channelId: string; limit?: number };

export interface DatasetInfo {
  name: string;
  title: string;
  licence: string;
  licenceUrl?: string;
  credit: string;
  documents: number;
}

export interface DocumentSummary {
  id: string;
  videoId?: string;
  title: string;
  url: string;
  timing: "exact" | "approximate";
  cues: number;
  durationS: number;
  licence: string;
  credit: string;
}

/** A resolved caption source: pass it to lab.chunk or lab.ingest. */
export interface Corpus {
  source: SourceRef;
  corpus: string;
  corpusVersion: string;
  documents: DocumentSummary[];
}

export type ChunkerConfig =
  | { kind: "token"; size: number; overlap: number }
  | { kind: "recursive"; size: number; overlap: number }
  | { kind: "sentence"; maxTokens: number; overlapSentences: number }
  | { kind: "time"; windowS: number; overlapS: number };

export interface Chunk {
  id: string;
  docId: string;
  index: number;
  text: string;
  startS: number;
  endS: number;
  /** Character offsets into the document's joined transcript text. */
  startChar: number;
  endChar: number;
  /** Link to the second of the video (or episode) the chunk starts at. */
  citation: string;
  citationApproximate: boolean;
  tokens: number;
  /** Set on stored chunks of YouTube sources, so searches can be narrowed to one video. */
  videoId?: string;
}

export interface ChunkSet {
  chunker: ChunkerConfig;
  chunks: Chunk[];
  transcripts: { docId: string; title: string; url: string; text: string }[];
}

export interface IngestResult {
  collection: string;
  corpus: string;
  corpusVersion: string;
  chunker: string;
  modelId: string;
  documents: number;
  cues: number;
  chunks: number;
  embedded: number;
  fromCache: number;
  /** "written", "unchanged" (store already held this version) or "replaced" (older version dropped). */
  store: "written" | "unchanged" | "replaced";
  ms: { load: number; chunk: number; embed: number; store: number; total: number };
}

export type SearchMode = "vector" | "bm25" | "hybrid";

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

export interface SearchHit {
  chunk: Chunk;
  /** Higher is better; comparable only within one mode. */
  score: number;
  distance?: number;
}

export interface CollectionInfo {
  name: string;
  count: number;
  shared: boolean;
  meta: { modelId: string; dimension: number; corpusVersion: string; config: Record<string, unknown> };
}

export interface GraphQueryResult {
  /** Which engine answered: "LadybugDB (embedded)" or "Neo4j". */
  engineLabel: string;
  columns: string[];
  rows: Record<string, unknown>[];
  truncated: boolean;
  elapsedMs: number;
}

/** Narrows a search: one talk (docId or videoId) and chunks overlapping [fromS, toS] seconds of it. */
export interface SearchFilter {
  docId?: string;
  videoId?: string;
  fromS?: number;
  toS?: number;
}

/**
 * Retrieval levers applied over the engine's candidates: "prf" widens the keyword query with words of the top BM25
 * hits, "rerank" orders candidates by their best sentence's similarity, "mmr" trades relevance against redundancy.
 */
export type RetrievalLever = "prf" | "rerank" | "mmr";

export interface GraphSchema {
  engineLabel: string;
  nodes: { label: string; properties: { name: string; type: string }[] }[];
  relationships: { type: string; endpoints: { from: string; to: string }[] }[];
  /** The schema as text, the way an LLM prompt would show it. */
  text: string;
}

/**
 * A labelled question set in the datasets/questions format (at most 2,000 questions and 1 MB as JSON). Fields the lab
 * does not read are kept as `metadata`; ids, questions and gold spans are checked, naming the question and field.
 */
export interface QuestionSet {
  version: 1;
  questions: {
    id: string;
    question: string;
    /** Gold spans: the stretches of a talk, in seconds, whose speech answers the question. */
    evidence: { video_id: string; start_s: number; end_s: number }[];
    reference_answer?: string;
    /** A free label (the shipped sets use "factual", "paraphrase", "multi-part", "conceptual"). */
    kind?: string;
    /** Any other field is kept here (listed once as a warning on the run). */
    metadata?: Record<string, unknown>;
    [field: string]: unknown;
  }[];
  metadata?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface GridSpec {
  corpus?: { dataset?: "google-talks" | "practical-ai"; only?: string[] };
  /** A shipped question set's id (such as "google-talks-v1", the default) or a set of your own. */
  questions?: string | QuestionSet;
  chunking: { kind: "token" | "recursive" | "sentence" | "time"; size: number | number[]; overlap?: number | number[] }[];
  topK: number[];
  /** "kvg" = vector seeds + graph hops with k as the total chunk budget. */
  modes?: (SearchMode | "kvg")[];
  kvg?: { seeds?: number; hops?: number };
  /** How "hybrid" points weigh the two rankings (equal weights, k 60 when absent). */
  hybrid?: Fusion;
  /** "llm": the chat model rewrites each question into a search query first. */
  queryRewrite?: "none" | "llm";
  /** Compare embedders (each must be configured on the server). */
  embedders?: ("use-lite" | "openai")[];
  /**
   * Rank configurations on a tuning part and score the chosen one on a held-out test part: each talk's questions in the
   * same share (`test`, default 0.4), shuffled by `seed` (default: the one fixed for the shipped set), ranked by `metric` (default "mrr").
   */
  split?: { seed?: number; test?: number; metric?: QualityMetric };
  /** Retrieval levers to compare, each entry one combination (`[]` = none, the default); see RetrievalLever. */
  levers?: RetrievalLever[][];
}

/**
 * Retrieval quality over a question set: the mean of each metric (each question weighs the same), its bootstrap
 * 95% interval over the questions, and latency percentiles.
 */
export interface GridPointSummary {
  questions: number;
  hitRate: number;
  recall: number;
  mrr: number;
  ndcg: number;
  contextPrecision: number;
  redundancy: number;
  /** Mean context tokens per question. */
  contextTokens: number;
  latencyMs: { p50: number; p95: number };
  /** 95% interval of each quality metric's mean: 2,000 seeded resamples of the questions, so the same scores give the same interval. */
  intervals: Record<QualityMetric, { low: number; high: number }>;
}

export interface GridPoint {
  chunkerLabel: string;
  modelId: string;
  size: number;
  overlap: number;
  mode: SearchMode | "kvg";
  /** The levers this point retrieved with, when any (in the order they apply). */
  levers?: RetrievalLever[];
  k: number;
  collection: string;
  chunks: number;
  summary: GridPointSummary;
  /** Per question, in question-set order (the tuning part's, with a split): the metrics at this point's k. */
  perQuestion: QuestionScore[];
}

/** One question's scores at one grid point. */
export interface QuestionScore {
  id: string;
  hit: number;
  reciprocalRank: number;
  recall: number;
  ndcg: number;
  contextPrecision: number;
  redundancy: number;
  contextTokens: number;
  latencyMs: number;
}

/** A grid's tuning/test split: points are scored on the tuning part; only the chosen one on the test part. */
export interface ExperimentSplit {
  seed: number;
  /** The share held out. */
  test: number;
  /** What the chosen configuration was the best at, on the tuning part. */
  metric: QualityMetric;
  tuneQuestions: number;
  testQuestions: number;
  testIds: string[];
  /** Identifies the test part (the set's content and the held-out ids): looks are counted per test part. */
  testPart: string;
  chosen: {
    /** Index into the run's points. */
    point: number;
    config: string;
    tune: GridPointSummary;
    test: GridPointSummary;
    perQuestion: QuestionScore[];
  };
  /** Distinct configurations you have scored on this test part, this one included: each look makes its test scores a little less unseen. */
  looks: number;
}

export interface Experiment {
  id: string;
  createdAt: string;
  spec: GridSpec;
  specHash: string;
  corpus: { dataset: string; versions: Record<string, string> };
  /** The shipped set's id (absent for a set of your own), a hash of its content, and how many of its questions were scored. */
  questionSet: { id?: string; hash: string; questions: number };
  modelId: string;
  codeVersion: string;
  elapsedMs: number;
  points: GridPoint[];
  split?: ExperimentSplit;
  /** Things worth knowing about the run's input (fields kept as metadata in a question set, say). */
  warnings?: string[];
}

export interface ExperimentSummary {
  id: string;
  createdAt: string;
  points: number;
  questions: number;
  modelId: string;
  elapsedMs: number;
  /** The best point by MRR, or with a split the one chosen on the tuning part (its tuning scores). */
  best?: { chunker: string; mode: string; k: number; hitRate: number; mrr: number };
  /** With a split: the chosen point's test scores, and your looks at that test part. */
  test?: { hitRate: number; mrr: number; questions: number; looks: number };
}

export type QualityMetric = "hitRate" | "recall" | "mrr" | "ndcg" | "contextPrecision";

/** Three pairwise similarities under one embedder. */
export interface Triangle {
  modelId: string;
  texts: [string, string, string];
  ab: number;
  bc: number;
  ac: number;
  /** Rows and columns in the order A, B, C; the diagonal is 1. */
  matrix: number[][];
}

export interface TriangleResult extends Triangle {
  /** The same triangle with every other configured embedder. */
  others: Triangle[];
  /** Configured embedders that could not compute it, with why (say, a chat-only server has no embeddings). */
  unavailable: { modelId: string; reason: string }[];
}

export interface TripleChunk {
  id: string;
  docId?: string;
  startS?: number;
  citation?: string;
  text?: string;
}

export interface MinedTriples {
  triples: { a: TripleChunk; b: TripleChunk; c: TripleChunk; ab: number; bc: number; ac: number; videos: number }[];
  thresholds: { tauHigh: number; tauLow: number; fromPercentiles: boolean };
  stats: { rows: number; candidatePairs: number; triplesFound: number; elapsedMs: number };
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface RagAnswer {
  question: string;
  prompt: string;
  answer: string;
  /** [n] in the answer refers to sources[n - 1]. */
  sources: { n: number; citation: string; startS: number; docId: string }[];
}

export interface RetrievedTask {
  id: string;
  score: number;
  text: string;
  properties: Record<string, unknown>;
}

export interface TaskRetrieval {
  question: string;
  k: number;
  retrieved: RetrievedTask[];
  count: { retrieved: number; openAmongRetrieved: number; openRetrievedIds: string[]; openInGraph: number; openQuery: string };
}

export interface JudgeItem {
  id: string;
  question: string;
  answer: string;
  contexts: string[];
  reference?: string;
}

export interface JudgeSummary {
  n: number;
  mean: number | null;
  std: number | null;
  ci: { low: number; high: number } | null;
}

/** A stored judge run: what was judged, how, and the scores; failures are counted and listed, never dropped. */
export interface JudgeResults {
  id: string;
  createdAt: string;
  modelId: string;
  repeats: number;
  /** The grid point whose answers were judged, with its retrieval metrics, when judging an experiment. */
  experiment: { id: string; point: string; mode: SearchMode; k: number; hitRate: number; mrr: number } | null;
  samples: JudgeItem[];
  /** Questions whose answer could not be generated; they are not judged. */
  answerFailures: { id: string; kind: string; message: string }[];
  /** Tokens spent generating answers (judging tokens are per judge, in counts). */
  answerTokens: { input: number; output: number };
  judges: {
    judge: string;
    scale: { min: number; max: number };
    modelId: string;
    repeats: number;
    overall: JudgeSummary;
    counts: { ok: number; failed: Record<string, number>; skipped: Record<string, number>; calls: number; inputTokens: number; outputTokens: number };
    items: (JudgeSummary & { id: string; scores: number[]; undecided: boolean; failures: string[]; details: unknown[] })[];
  }[];
}

/** A judge prompt: `{name}` placeholders are filled in per item; the JSON reply format is appended to it. */
export interface JudgeTemplate {
  name: "faithfulness_claims" | "faithfulness_verdicts" | "relevancy" | "context_precision" | "context_recall" | "rubric";
  template: string;
  required: string[];
  optional: string[];
}

/** One line of `lab.judge.runs()`. */
export interface JudgeRunSummary {
  id: string;
  createdAt: string;
  modelId: string;
  experiment: JudgeResults["experiment"];
  samples: number;
  repeats: number;
  judges: { judge: string; mean: number | null; ci: { low: number; high: number } | null }[];
  tokens: { input: number; output: number };
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

/** Your verdict on one claim the faithfulness judge labelled (see lab.judge.review). */
export interface ClaimReviewRecord {
  /** `${judgeRun}|${item}|${claim index}` */
  key: string;
  claim: string;
  judgeLabel: "supported" | "unsupported";
  learnerLabel: "supported" | "unsupported";
  updatedAt: string;
}

/** Cohen's kappa between two raters; undefined (null, with the reason) when it cannot be computed. */
export type KappaAgreement =
  | { kappa: number; observed: number; expected: number; n: number }
  | { kappa: null; reason: string; n: number };

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
  /** Searches a collection; mode "vector" (default), "bm25" or "hybrid" (both rankings fused, weighted by `fusion`). */
  search(
    collection: string,
    query: string,
    options?: { k?: number; mode?: SearchMode; filter?: SearchFilter; fusion?: Fusion; levers?: RetrievalLever[] },
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
    run(spec: {
      /** Answers to judge... */
      items?: JudgeItem[];
      /** ...or a stored experiment: its questions are answered with the chat model (best point by MRR, or `point`), stored, then judged. */
      experiment?: { id: string; questions?: number; point?: number };
      judges?: ("faithfulness" | "relevancy" | "context_precision" | "context_recall" | "style")[];
      rubric?: { name: string; criterion: string; scores: Record<"1" | "2" | "3" | "4" | "5", string> };
      /** Replacement judge prompts (see `templates()`); each must keep its required placeholders. */
      templates?: Partial<Record<JudgeTemplate["name"], string>>;
      repeats?: number;
      /** Model calls in flight at once (default 4): 1 for a local server or a tight rate limit. */
      concurrency?: number;
      threshold?: number;
    }): Promise<JudgeResults>;
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
    vector(question: string, options?: { k?: number }): Promise<{ answer: string; retrieved: RetrievedTask[]; k: number }>;
    /** Cypher QA: generated (or your edited) Cypher, its attempts and failures, the rows and the answer. */
    cypher(question: string, options?: { cypher?: string }): Promise<{ cypher: string | null; attempts: { cypher: string; error?: string; kind?: string }[]; rows: Record<string, unknown>[]; answer: string | null }>;
    /** An agent choosing between the "tasks" and "graph" tools; its steps are returned. */
    agent(question: string): Promise<{ answer: string | null; steps: Record<string, unknown>[] }>;
    /** One question through vector QA and Cypher QA, shown side by side with the evidence each used. */
    compare(question: string, options?: { k?: number }): Promise<void>;
  };
  similarity: {
    /** Pairwise cosine similarities of three texts, computed live; shown as a triangle with a threshold slider. */
    triangle(a: string, b: string, c: string, options?: { show?: boolean }): Promise<TriangleResult>;
    /** Example triples written for the lab, including the dropped-calls / congestion / 5G one. */
    examples(): Promise<{ id: string; a: string; b: string; c: string; note: string }[]>;
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

import { cypherOutputs } from "@/lib/kernel/cypher-outputs";
import type { CellOutput, ProgressOutput } from "@/lib/kernel/outputs";
import { tableOutput, valueOutput } from "@/lib/kernel/to-output";
import type { Http } from "./http";
import type {
  ChartInput,
  ChunkerConfig,
  ChunkSet,
  CollectionInfo,
  Corpus,
  DatasetInfo,
  GraphQueryResult,
  GraphSchema,
  IngestResult,
  Lab,
  LessonInfo,
  SearchHit,
  SourceRef,
} from "./types";

export interface LabContext {
  emit(output: CellOutput): void;
  http: Http;
  maxOutputBytes: number;
  /** How often a cell polls a running job. */
  pollMs?: number;
}

interface JobRecord {
  id: string;
  status: ProgressOutput["status"];
  progress: { stage: string; done: number; total: number; rate?: number; etaS?: number; message?: string } | null;
  result: unknown;
  error: string | null;
}

/** The `lab` object cells use. Display calls are local; the rest go to /api. */
export function createLab(ctx: LabContext): Lab {
  const corpus = (source: SourceRef) => ctx.http<Corpus>("/api/corpus", { body: source });

  /** Polls a job, keeping a progress output up to date, until it ends. */
  async function followJob(job: JobRecord, label: string): Promise<unknown> {
    for (;;) {
      const p = job.progress;
      ctx.emit({ kind: "progress", id: job.id, label, status: job.status, stage: p?.stage, done: p?.done ?? 0, total: p?.total ?? 0, rate: p?.rate, etaS: p?.etaS, message: job.error ?? p?.message });
      if (job.status === "done") return job.result;
      if (job.status === "failed" || job.status === "cancelled") throw new Error(job.error ?? `Job ${job.status}`);
      await new Promise((r) => setTimeout(r, ctx.pollMs ?? 400));
      job = await ctx.http<JobRecord>(`/api/jobs/${job.id}`);
    }
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
      return (await ctx.http<{ lessons: LessonInfo[] }>("/api/lessons")).lessons;
    },
    async datasets() {
      return (await ctx.http<{ datasets: DatasetInfo[] }>("/api/datasets")).datasets;
    },
    captions: {
      dataset: (name, options) => corpus({ kind: "dataset", name, only: options?.only }),
      fromChannel: (channelId, options) => corpus({ kind: "channel", channelId, limit: options?.limit ?? 5 }),
      fromVideo: (videoId) => corpus({ kind: "video", videoId }),
      fromFile: async (filename, text) => ({ ...(await corpus({ kind: "file", filename, text })), source: { kind: "file", filename, text } }),
    },
    chunk(c: Corpus, config: ChunkerConfig, options?: { documents?: number }) {
      return ctx.http<ChunkSet>("/api/chunks", { body: { source: c.source, chunker: config, documents: options?.documents ?? 1 } });
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
    async ingest(c: Corpus, config: ChunkerConfig) {
      const job = await ctx.http<JobRecord>("/api/ingest", { body: { source: c.source, chunker: config } });
      return (await followJob(job, `Ingesting ${c.corpus}`)) as IngestResult;
    },
    async search(collection, query, options) {
      const res = await ctx.http<{ hits: SearchHit[] }>("/api/search", { body: { collection, query, ...options } });
      return res.hits;
    },
    async collections() {
      return (await ctx.http<{ collections: CollectionInfo[] }>("/api/collections")).collections;
    },
    graph: {
      load: (dataset) => ctx.http("/api/graph/load", { body: { dataset } }),
      async query(cypher, params, options) {
        const res = await ctx.http<GraphQueryResult>("/api/graph/query", { body: { cypher, params: params ?? {} } });
        if (options?.show) cypherOutputs(res, ctx.maxOutputBytes).forEach(ctx.emit);
        return res;
      },
      schema: () => ctx.http<GraphSchema>("/api/graph/schema"),
    },
  };
}

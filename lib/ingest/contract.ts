/**
 * Corpora, chunks, ingestion and collections: the corpus, chunks, ingest and
 * collections routes, and the shapes `lab.captions`, `lab.chunk`,
 * `lab.ingest` and `lab.collections` hand to cells.
 */
import { z } from "zod";
import { DATASET_NAMES } from "@/lib/captions/contract";
import { endpoint, labType, noInput } from "@/lib/api/endpoint";
import { jobRecordSchema } from "@/lib/jobs/contract";

const datasetSource = z.strictObject({
  kind: z.literal("dataset"),
  name: z.enum(DATASET_NAMES),
  only: z.array(z.string()).min(1).max(200).optional().describe("Only these documents (YouTube ids or document ids); all when absent."),
});
const fileSource = z.strictObject({ kind: z.literal("file"), filename: z.string().min(1).max(200), text: z.string().max(20_000_000) });
const videoSource = z.strictObject({ kind: z.literal("video"), videoId: z.string() });
const channelSource = z.strictObject({ kind: z.literal("channel"), channelId: z.string(), limit: z.int().min(1).max(50).default(5) });

/** Where an ingestion reads transcripts from; plain data so jobs can record it. */
export const sourceRefSchema = labType(
  "SourceRef",
  z.discriminatedUnion("kind", [datasetSource, fileSource, videoSource, channelSource]).describe("Where transcripts come from."),
  "input",
);
export type SourceRef = z.output<typeof sourceRefSchema>;

/**
 * Rough conversions of a token limit into the units of other chunkers,
 * chosen so that validated configs rarely fail the measured check in
 * `chunkDocuments`. English averages about 4 characters per gpt2 token
 * (4.4 on the Google talks), but the densest 1000-character chunk there
 * had 3.5. Speech averages 3.6 tokens per second there, but the fastest
 * minute held 350 tokens, so windows assume 6 per second.
 */
export const CHARS_PER_TOKEN = 3.5;
export const TOKENS_PER_SECOND = 6;

const integer = (min: number) =>
  z
    .int({ error: (issue) => (issue.input === undefined ? "is required" : "must be an integer") })
    .min(min, { error: `must be at least ${min}` });

/** A size of at least 1 and, when the embedder's limit is known, at most `toUnit(maxTokens)`; the message names the limit in tokens. */
const limited = (maxTokens: number | undefined, unit: string, toUnit: (tokens: number) => number) => {
  if (maxTokens === undefined) return integer(1);
  const max = toUnit(maxTokens);
  return integer(1).max(max, {
    error: (issue) => `${issue.input} ${unit} exceeds the embedder's limit of ${maxTokens} tokens` + (unit === "tokens" ? "" : ` (about ${max} ${unit})`),
  });
};

/** Overlap must leave room to advance; judged only once the size is valid. */
const leavesRoom = (size: number, overlap: number) => !(size >= 1) || overlap < size;
const smallerThan = (sizeKey: string, overlapKey: string) => ({ path: [overlapKey], error: `must be smaller than ${sizeKey}` });

/** Chunker configs; with `maxTokens`, only those valid for an embedder that accepts that many tokens. */
export function chunkerConfigFor(maxTokens?: number) {
  return z.discriminatedUnion(
    "kind",
    [
      z
        .strictObject({ kind: z.literal("token"), size: limited(maxTokens, "tokens", (t) => t), overlap: integer(0) })
        .refine((c) => leavesRoom(c.size, c.overlap), smallerThan("size", "overlap")),
      z
        .strictObject({ kind: z.literal("recursive"), size: limited(maxTokens, "characters", (t) => Math.floor(t * CHARS_PER_TOKEN)), overlap: integer(0) })
        .refine((c) => leavesRoom(c.size, c.overlap), smallerThan("size", "overlap")),
      z.strictObject({ kind: z.literal("sentence"), maxTokens: limited(maxTokens, "tokens", (t) => t), overlapSentences: integer(0) }),
      z
        .strictObject({ kind: z.literal("time"), windowS: limited(maxTokens, "seconds", (t) => Math.floor(t / TOKENS_PER_SECOND)), overlapS: integer(0) })
        .refine((c) => leavesRoom(c.windowS, c.overlapS), smallerThan("windowS", "overlapS")),
    ],
    { error: "must be one of token, recursive, sentence, time" },
  );
}

export const chunkerConfigSchema = labType("ChunkerConfig", chunkerConfigFor());
export type ChunkerConfig = z.output<typeof chunkerConfigSchema>;

/**
 * A chunker config as a request carries it: the route checks it against the
 * configured embedder's token limit (lib/chunking/config.ts), naming each bad
 * field, so the contract only types it.
 */
const requestedChunker = z.custom<z.input<typeof chunkerConfigSchema>>();

export const chunkSchema = labType(
  "Chunk",
  z.object({
    id: z.string(),
    docId: z.string(),
    index: z.number(),
    text: z.string(),
    startS: z.number(),
    endS: z.number(),
    startChar: z.number().describe("Character offsets into the document's joined transcript text."),
    endChar: z.number(),
    citation: z.string().describe("Link to the second of the video (or episode) the chunk starts at."),
    citationApproximate: z.boolean(),
    tokens: z.number(),
    videoId: z.string().optional().describe("Set on stored chunks of YouTube sources, so searches can be narrowed to one video."),
  }),
);
export type Chunk = z.output<typeof chunkSchema>;

export const chunkSetSchema = labType(
  "ChunkSet",
  z.object({
    chunker: chunkerConfigSchema,
    chunks: z.array(chunkSchema),
    transcripts: z.array(z.object({ docId: z.string(), title: z.string(), url: z.string(), text: z.string() })),
  }),
);
export type ChunkSet = z.output<typeof chunkSetSchema>;

export const documentSummarySchema = labType(
  "DocumentSummary",
  z.object({
    id: z.string(),
    videoId: z.string().optional(),
    title: z.string(),
    url: z.string(),
    timing: z.enum(["exact", "approximate"]),
    cues: z.number(),
    durationS: z.number(),
    licence: z.string(),
    credit: z.string(),
  }),
);

export type DocumentSummary = z.output<typeof documentSummarySchema>;

const corpusFields = { corpus: z.string(), corpusVersion: z.string(), documents: z.array(documentSummarySchema) };

/** What `lab.captions` hands a cell: its `source` is sent again by lab.chunk and lab.ingest. */
export const corpusSchema = labType("Corpus", z.object({ source: sourceRefSchema, ...corpusFields }).describe("A resolved caption source: pass it to lab.chunk or lab.ingest."));
export type Corpus = z.output<typeof corpusSchema>;

export const ingestResultSchema = labType(
  "IngestResult",
  z.object({
    collection: z.string(),
    corpus: z.string(),
    corpusVersion: z.string(),
    chunker: z.string(),
    modelId: z.string(),
    documents: z.number(),
    cues: z.number(),
    chunks: z.number(),
    embedded: z.number(),
    fromCache: z.number(),
    store: z.enum(["written", "unchanged", "replaced"]).describe("\"written\", \"unchanged\" (store already held this version) or \"replaced\" (older version dropped)."),
    ms: z.object({ load: z.number(), chunk: z.number(), embed: z.number(), store: z.number(), total: z.number() }),
  }),
);
export type IngestResult = z.output<typeof ingestResultSchema>;

export const collectionInfoSchema = labType(
  "CollectionInfo",
  z.object({
    name: z.string(),
    count: z.number(),
    shared: z.boolean(),
    meta: z.object({ modelId: z.string(), dimension: z.number(), corpusVersion: z.string(), config: z.record(z.string(), z.unknown()) }),
  }),
);
export type CollectionInfo = z.output<typeof collectionInfoSchema>;

// Room for an uploaded caption file (20 MB of text) as JSON.
const UPLOAD_BYTES = 21_000_000;

/** Resolves a caption source (dataset, file, video, channel) and summarises its documents; an uploaded file's text is not sent back. */
export const resolveCorpus = endpoint({
  method: "POST",
  path: "/api/corpus",
  request: sourceRefSchema,
  response: z.object({ source: z.discriminatedUnion("kind", [datasetSource, fileSource.omit({ text: true }), videoSource, channelSource]), ...corpusFields }),
  maxBytes: UPLOAD_BYTES,
});

/** Chunks the first few documents of a source and returns their transcripts, for the chunk viewer. */
export const chunkPreview = endpoint({
  method: "POST",
  path: "/api/chunks",
  request: z.strictObject({
    source: sourceRefSchema,
    chunker: requestedChunker,
    /** Only the first N documents: a preview, not an ingestion. */
    documents: z.int().min(1).max(20).default(1),
  }),
  response: chunkSetSchema,
  maxBytes: UPLOAD_BYTES,
});

export const ingestRequestSchema = z.strictObject({
  source: sourceRefSchema,
  chunker: requestedChunker,
  /** Write to the read-only course space (instructors only). */
  shared: z.boolean().default(false),
});
export type IngestRequest = z.output<typeof ingestRequestSchema>;

/** Starts an ingestion job; its result (an IngestResult) comes with the job. */
export const startIngest = endpoint({ method: "POST", path: "/api/ingest", request: ingestRequestSchema, response: jobRecordSchema, maxBytes: UPLOAD_BYTES });

/** The learner's own collections and the course's shared ones. */
export const listCollections = endpoint({ method: "GET", path: "/api/collections", request: noInput, response: z.object({ collections: z.array(collectionInfoSchema) }) });

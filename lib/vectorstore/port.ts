/**
 * The vector store port: the one interface the app uses for chunk storage and
 * retrieval, whichever engine answers (LanceDB embedded, Weaviate hosted).
 */
import { z } from "zod";
import type { Chunk } from "../captions/types";
import { LabError } from "../errors";
import type { KeywordIndex, SearchHit } from "@/lib/retrieval/contract";
import type { Fusion as FusionSetting } from "@/lib/sdk/types";
import { withHeader, withoutHeader } from "@/lib/retrieval/headers";
import { checkFusion, type Fusion } from "./fusion";

/** A chunk as stored: `videoId` is set for YouTube sources so searches can be narrowed to one video. */
export type ChunkRecord = Chunk;

export interface StoredChunk extends ChunkRecord {
  vector: number[];
  /** A contextual header (lib/retrieval/headers): keyword-indexed with the text, cut off again when the row is read. */
  header?: string;
}

export type SearchMode = "vector" | "bm25" | "hybrid";

export interface SearchFilter {
  docId?: string;
  videoId?: string;
}

export interface SearchRequest {
  /** Required for "vector" and "hybrid". */
  vector?: number[];
  /** Required for "bm25" and "hybrid". */
  text?: string;
  k: number;
  mode: SearchMode;
  filter?: SearchFilter;
  /** "hybrid": how the two rankings are weighted (equal-weight RRF when absent). */
  fusion?: FusionSetting;
  /** "bm25" and "hybrid": the keyword index to read ("plain" when absent). */
  keywords?: KeywordIndex;
}

/** `score` is higher-is-better but only comparable within one mode (hybrid: see ./fusion). */
export type { SearchHit };

export const collectionMetaSchema = z.object({
  modelId: z.string().min(1),
  dimension: z.number().int().min(1).max(8192),
  corpusVersion: z.string().min(1),
  /** Chunker configuration, recorded so runs can be compared and re-run. */
  config: z.record(z.string(), z.json()),
});
export type CollectionMeta = z.infer<typeof collectionMetaSchema>;

export interface CollectionInfo {
  name: string;
  count: number;
  meta: CollectionMeta;
}

export interface ChunkStore {
  readonly engine: "lancedb" | "weaviate";
  /** The keyword indexes this engine can search (see KEYWORD_INDEXES); a search or grid asking for another is refused. */
  readonly keywordIndexes: readonly KeywordIndex[];
  listCollections(prefix?: string): Promise<CollectionInfo[]>;
  describeCollection(name: string): Promise<CollectionInfo>;
  /** The collection's metadata alone: cached, so no row count or round trip on a hot path. */
  collectionMeta(name: string): Promise<CollectionMeta>;
  /** An empty collection, visible at once. Idempotent when `meta` matches the existing collection's; a conflict otherwise. */
  createCollection(name: string, meta: CollectionMeta): Promise<void>;
  /**
   * Writes a collection whole, replacing any of that name: its rows first,
   * its manifest row last, so it is listed and searchable only once complete
   * and a crash midway leaves nothing visible (see ./manifest).
   */
  writeCollection(name: string, meta: CollectionMeta, rows: StoredChunk[]): Promise<void>;
  /** Inserts or replaces by chunk id, so re-ingesting is idempotent. */
  upsert(name: string, rows: StoredChunk[]): Promise<void>;
  deleteByDoc(name: string, docId: string): Promise<void>;
  dropCollection(name: string): Promise<void>;
  search(name: string, req: SearchRequest): Promise<SearchHit[]>;
  allVectors(name: string): Promise<{ id: string; vector: Float32Array }[]>;
  /** The chunks with these ids (at most MAX_K), in no particular order. */
  getChunks(name: string, ids: string[]): Promise<ChunkRecord[]>;
  close(): Promise<void>;
}

export const MAX_K = 1000;

const chunkShape = {
  id: z.string().min(1),
  docId: z.string().min(1),
  index: z.number(),
  text: z.string(),
  startS: z.number(),
  endS: z.number(),
  startChar: z.number(),
  endChar: z.number(),
  citation: z.string(),
  citationApproximate: z.boolean(),
  tokens: z.number(),
};

export const chunkRecordSchema = z.object({
  ...chunkShape,
  videoId: z.string().min(1).optional(),
}) satisfies z.ZodType<ChunkRecord>;

/** Both engines store a missing videoId as "": neither takes a null in every column type. */
const NO_VIDEO = "";

/** Parses a row read back from an engine into a ChunkRecord. */
export const storedChunkSchema = z
  .object({ ...chunkShape, videoId: z.string() })
  .transform(({ videoId, text, ...rest }): ChunkRecord => {
    const chunk = { ...rest, text: withoutHeader(text) };
    return videoId === NO_VIDEO ? chunk : { ...chunk, videoId };
  });

export function notFound(name: string): LabError {
  return new LabError("not_found", `collection ${name} does not exist`);
}

export function parseMeta(meta: unknown): CollectionMeta {
  const parsed = collectionMetaSchema.safeParse(meta);
  if (!parsed.success) {
    throw new LabError("bad_input", `invalid collection metadata: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** JSON with object keys sorted, so equal metadata compares equal whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function assertSameMeta(name: string, existing: CollectionMeta, wanted: CollectionMeta): void {
  if (canonicalJson(existing) !== canonicalJson(wanted)) {
    throw new LabError(
      "conflict",
      `collection ${name} already exists with different metadata (model ${existing.modelId}, ` +
        `${existing.dimension} dimensions, corpus ${existing.corpusVersion})`,
    );
  }
}

/** Cosine similarity is undefined for zero or non-finite vectors: refuse them rather than return NaN scores. */
function assertVector(what: string, vector: number[], dimension: number): void {
  if (vector.length !== dimension) {
    throw new LabError("bad_input", `${what} has ${vector.length} dimensions, the collection expects ${dimension}`);
  }
  if (!vector.every(Number.isFinite) || vector.every((x) => x === 0)) {
    throw new LabError("bad_input", `${what} must be finite and not all zeros`);
  }
}

/** A validated row: the chunk's columns as engines store them (unknown keys dropped; `text` with any header, as indexed) and its vector. */
export interface PreparedRow {
  fields: Chunk & { videoId: string };
  vector: number[];
}

/** Validates rows against the collection and keeps the last row per id (one batch, one version per chunk). */
export function prepareRows(rows: StoredChunk[], meta: CollectionMeta): PreparedRow[] {
  const byId = new Map<string, PreparedRow>();
  for (const row of rows) {
    const parsed = chunkRecordSchema.safeParse(row);
    if (!parsed.success) {
      throw new LabError("bad_input", `invalid chunk ${row.id}: ${z.prettifyError(parsed.error)}`);
    }
    assertVector(`vector of chunk ${row.id}`, row.vector, meta.dimension);
    const { videoId, ...chunk } = parsed.data;
    byId.set(chunk.id, { fields: { ...chunk, text: withHeader(row.header, chunk.text), videoId: videoId ?? NO_VIDEO }, vector: row.vector });
  }
  return [...byId.values()];
}

/** The filterable chunk fields; adapters read only these keys, so no other key of a filter object reaches a query. */
export const FILTER_FIELDS = ["docId", "videoId"] as const satisfies readonly (keyof SearchFilter)[];

export type CheckedSearch = { k: number; filter: SearchFilter } & (
  | { mode: "vector"; vector: number[] }
  | { mode: "bm25"; text: string; keywords: KeywordIndex }
  | { mode: "hybrid"; vector: number[]; text: string; fusion: Fusion; keywords: KeywordIndex }
);

/** A search one engine query answers; hybrid is fused from one of each (see ./fusion). */
export type SingleSearch = Exclude<CheckedSearch, { mode: "hybrid" }>;

/** Why an engine cannot search a keyword index, naming the lever; undefined when it can. */
export function missingKeywordIndex(engine: { engine: string; keywordIndexes: readonly KeywordIndex[] }, keywords: KeywordIndex): string | undefined {
  if (engine.keywordIndexes.includes(keywords)) return undefined;
  return `keywords "${keywords}" is not offered on ${engine.engine}: its BM25 has no ${keywords === "stemmed" ? "stemming" : `${keywords} index`} (LanceDB offers it)`;
}

/** Validates a request against the collection (and the engine's keyword indexes) and narrows it to what its mode needs. */
export function checkSearchRequest(req: SearchRequest, meta: CollectionMeta, engine: { engine: string; keywordIndexes: readonly KeywordIndex[] }): CheckedSearch {
  if (!Number.isInteger(req.k) || req.k < 1 || req.k > MAX_K) {
    throw new LabError("bad_input", `k must be an integer from 1 to ${MAX_K}, got ${req.k}`);
  }
  for (const field of FILTER_FIELDS) {
    if (req.filter?.[field] === "") throw new LabError("bad_input", `filter ${field} must not be empty`);
  }
  const vector = (): number[] => {
    if (!req.vector) throw new LabError("bad_input", `${req.mode} search needs a query vector`);
    assertVector("the query vector", req.vector, meta.dimension);
    return req.vector;
  };
  const text = (): string => {
    if (!req.text?.trim()) throw new LabError("bad_input", `${req.mode} search needs query text`);
    return req.text;
  };
  const keywords = (): KeywordIndex => {
    const wanted = req.keywords ?? "plain";
    const missing = missingKeywordIndex(engine, wanted);
    if (missing) throw new LabError("bad_input", missing);
    return wanted;
  };
  const base = { k: req.k, filter: req.filter ?? {} };
  switch (req.mode) {
    case "vector":
      return { ...base, mode: "vector", vector: vector() };
    case "bm25":
      return { ...base, mode: "bm25", text: text(), keywords: keywords() };
    case "hybrid":
      return { ...base, mode: "hybrid", vector: vector(), text: text(), fusion: checkFusion(req.fusion), keywords: keywords() };
    default:
      throw new LabError("bad_input", `unknown search mode ${String(req.mode)}`);
  }
}

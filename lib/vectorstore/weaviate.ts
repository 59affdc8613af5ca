/**
 * Production vector store: Weaviate through the official v3 client. One
 * Weaviate collection per ragcamp collection (learners are separated by the
 * name prefix, as in LanceDB), vectors brought by us, exact flat cosine index.
 * Which collections exist is the app database's manifest (./manifest). The
 * server may be shared with other labs, so leftovers of an interrupted write
 * are replaced when their name is written again, never swept at start-up.
 */
import weaviate, {
  ApiKey,
  Filters,
  configure,
  dataType,
  generateUuid5,
  tokenization,
  type Collection,
  type ConnectToCustomOptions,
  type FilterValue,
  type WeaviateClient,
} from "weaviate-client";
import { z } from "zod";
import { LabError } from "../errors";
import { openManifestStore, type ChunkTables, type CollectionManifest, type PausePoint } from "./manifest";
import { validateCollectionName } from "./names";
import {
  FILTER_FIELDS,
  storedChunkSchema,
  MAX_K,
  type ChunkRecord,
  type ChunkStore,
  type SearchFilter,
  type SearchHit,
  type PreparedRow,
  type SingleSearch,
} from "./port";

export interface WeaviateStoreOptions {
  /** e.g. http://localhost:8080 or https://xyz.weaviate.cloud */
  url: string;
  apiKey?: string;
  /** gRPC port for self-hosted servers; the client queries over gRPC. */
  grpcPort?: number;
}

export interface WeaviateManifestOptions {
  manifest: CollectionManifest;
  pause?: (point: PausePoint) => Promise<void>;
}

/** Chunk fields as Weaviate properties: `id` is reserved there, so the chunk id is `chunkId`. */
type ChunkProps = Omit<ChunkRecord, "id" | "videoId"> & { chunkId: string; videoId: string };
type ChunkVectors = { default: number[] };
type ChunkCollection = Collection<ChunkProps, string, ChunkVectors>;

const INSERT_BATCH = 200;
const DEFAULT_GRPC_PORT = 50051;
const CLOUD_HOST = /\.weaviate\.(cloud|network)$/;

/** Exact-match keys are filterable but not keyword-searched; only `text` feeds BM25. */
const key = (name: "chunkId" | "docId" | "videoId") =>
  ({ name, dataType: dataType.TEXT, tokenization: tokenization.FIELD, indexSearchable: false }) as const;

const PROPERTIES = [
  key("chunkId"),
  key("docId"),
  key("videoId"),
  { name: "text", dataType: dataType.TEXT, tokenization: tokenization.WORD },
  { name: "citation", dataType: dataType.TEXT, indexSearchable: false, indexFilterable: false },
  { name: "index", dataType: dataType.INT },
  { name: "startS", dataType: dataType.NUMBER },
  { name: "endS", dataType: dataType.NUMBER },
  { name: "startChar", dataType: dataType.INT },
  { name: "endChar", dataType: dataType.INT },
  { name: "tokens", dataType: dataType.INT },
  { name: "citationApproximate", dataType: dataType.BOOLEAN },
] as const;

/**
 * The collection description marks collections as ours and keeps the
 * ragcamp name, so the name mapping below need not be reversible and other
 * collections on a shared server are left alone. Version 1 descriptions also
 * held the metadata, from before the manifest: those are adopted once.
 */
const descriptionSchema = z.union([
  z.object({ ragcamp: z.literal(2), name: z.string() }),
  z.object({ ragcamp: z.literal(1), name: z.string(), meta: z.unknown() }),
]);
type Description = z.infer<typeof descriptionSchema>;

function readDescription(description: string | undefined): Description | undefined {
  try {
    return descriptionSchema.parse(JSON.parse(description ?? ""));
  } catch {
    return undefined;
  }
}

/** Weaviate collection names start with an uppercase letter and take no "-". */
export function weaviateName(name: string): string {
  validateCollectionName(name);
  return name[0].toUpperCase() + name.slice(1).replaceAll("-", "_");
}

export type WeaviateConnection =
  | { kind: "cloud"; url: string; apiKey?: string }
  | { kind: "custom"; options: ConnectToCustomOptions };

/** Weaviate Cloud hosts need the cloud helper (it derives the gRPC host); anything else is a custom deployment on one host. */
export function weaviateConnection({ url, apiKey, grpcPort }: WeaviateStoreOptions): WeaviateConnection {
  const u = new URL(url);
  if (CLOUD_HOST.test(u.hostname)) return { kind: "cloud", url: u.origin, ...(apiKey ? { apiKey } : {}) };
  const secure = u.protocol === "https:";
  const httpPath = u.pathname.replace(/\/+$/, "");
  return {
    kind: "custom",
    options: {
      httpHost: u.hostname,
      httpPort: u.port ? Number(u.port) : secure ? 443 : 80,
      httpSecure: secure,
      ...(httpPath ? { httpPath } : {}),
      grpcHost: u.hostname,
      grpcPort: grpcPort ?? DEFAULT_GRPC_PORT,
      grpcSecure: secure,
      ...(apiKey ? { authCredentials: new ApiKey(apiKey) } : {}),
    },
  };
}

export async function openWeaviateStore({ manifest, pause, ...options }: WeaviateStoreOptions & WeaviateManifestOptions): Promise<ChunkStore> {
  const conn = weaviateConnection(options);
  let client: WeaviateClient;
  try {
    client =
      conn.kind === "cloud"
        ? await weaviate.connectToWeaviateCloud(conn.url, conn.apiKey ? { authCredentials: new ApiKey(conn.apiKey) } : {})
        : await weaviate.connectToCustom(conn.options);
  } catch (e) {
    throw new LabError("unavailable", `cannot reach Weaviate at ${options.url}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return openManifestStore(new WeaviateTables(client), manifest, { sweep: false, pause });
}

function toObject({ fields: { id, ...fields }, vector }: PreparedRow) {
  return { id: generateUuid5(id), properties: { ...fields, chunkId: id }, vectors: vector };
}

function toChunk({ chunkId, ...props }: ChunkProps): ChunkRecord {
  return storedChunkSchema.parse({ ...props, id: chunkId });
}

function filterValue(collection: ChunkCollection, filter: SearchFilter): FilterValue | undefined {
  const clauses = FILTER_FIELDS.flatMap((field) => {
    const value = filter[field];
    return value === undefined ? [] : [collection.filter.byProperty(field).equal(value)];
  });
  return clauses.length > 1 ? Filters.and(...clauses) : clauses[0];
}

function metadataNumber(value: number | undefined, what: string): number {
  if (value === undefined) throw new Error(`Weaviate returned no ${what}`);
  return value;
}

class WeaviateTables implements ChunkTables {
  readonly engine = "weaviate";
  /** Weaviate's BM25 tokenizes words but has no stemmer. */
  readonly keywordIndexes = ["plain"] as const;

  constructor(private readonly client: WeaviateClient) {}

  private collection(name: string): ChunkCollection {
    return this.client.collections.use<string, ChunkProps, ChunkVectors>(weaviateName(name));
  }

  private async ours(): Promise<Description[]> {
    return (await this.client.collections.listAll()).map((c) => readDescription(c.description)).filter((d) => d !== undefined);
  }

  async tableNames(): Promise<string[]> {
    return (await this.ours()).map((d) => d.name);
  }

  async legacyCollections(): Promise<{ name: string; meta: unknown }[]> {
    return (await this.ours()).flatMap((d) => (d.ragcamp === 1 ? [{ name: d.name, meta: d.meta }] : []));
  }

  /** Adopting is idempotent (only names without a manifest row), so version 1 descriptions may stay. */
  async forgetLegacy(): Promise<void> {}

  /** Our description of the Weaviate collection `name` maps to, undefined when it does not exist or is not ours. */
  private async description(name: string): Promise<Description | undefined> {
    const wName = weaviateName(name);
    if (!(await this.client.collections.exists(wName))) return undefined;
    return readDescription((await this.client.collections.export(wName)).description);
  }

  async createTable(name: string, _meta: unknown, rows: PreparedRow[]): Promise<void> {
    const existing = await this.description(name);
    if (existing) {
      throw new LabError("conflict", `collection ${name} would share Weaviate collection ${weaviateName(name)} with ${existing.name}`);
    }
    await this.client.collections.create<ChunkProps>({
      name: weaviateName(name),
      description: JSON.stringify({ ragcamp: 2, name } satisfies Description),
      properties: [...PROPERTIES],
      // Flat and uncompressed: exact search like LanceDB's, so both engines return the same neighbours.
      vectorizers: configure.vectors.selfProvided({
        vectorIndexConfig: configure.vectorIndex.flat({
          distanceMetric: "cosine",
          quantizer: configure.vectorIndex.quantizer.none(),
        }),
      }),
    });
    await this.upsert(name, rows);
  }

  /** Only a collection our description names `name`: another ragcamp name mapping to the same Weaviate name is not this one. */
  async dropTable(name: string): Promise<void> {
    if ((await this.description(name))?.name === name) await this.client.collections.delete(weaviateName(name));
  }

  count(name: string): Promise<number> {
    return this.collection(name).length();
  }

  async upsert(name: string, rows: PreparedRow[]): Promise<void> {
    const objects = rows.map(toObject);
    const collection = this.collection(name);
    // A batch object with an existing uuid replaces that object: uuids derive from chunk ids, so this is an upsert.
    for (let i = 0; i < objects.length; i += INSERT_BATCH) {
      const result = await collection.data.insertMany(objects.slice(i, i + INSERT_BATCH));
      if (result.hasErrors) {
        const errors = Object.values(result.errors);
        throw new Error(`Weaviate rejected ${errors.length} chunks of ${name}: ${errors[0]?.message}`);
      }
    }
  }

  async deleteByDoc(name: string, docId: string): Promise<void> {
    const collection = this.collection(name);
    await collection.data.deleteMany(collection.filter.byProperty("docId").equal(docId));
  }

  async searchOne(name: string, req: SingleSearch): Promise<SearchHit[]> {
    const collection = this.collection(name);
    const base = { limit: req.k, filters: filterValue(collection, req.filter) };
    if (req.mode === "vector") {
      const { objects } = await collection.query.nearVector(req.vector, { ...base, returnMetadata: ["distance"] });
      return objects.map((o) => {
        const distance = metadataNumber(o.metadata?.distance, "distance");
        return { chunk: toChunk(o.properties), score: 1 - distance, distance };
      });
    }
    const { objects } = await collection.query.bm25(req.text, { ...base, queryProperties: ["text"], returnMetadata: ["score"] });
    return objects.map((o) => ({ chunk: toChunk(o.properties), score: metadataNumber(o.metadata?.score, "score") }));
  }

  async getChunks(name: string, ids: string[]): Promise<ChunkRecord[]> {
    const collection = this.collection(name);
    const { objects } = await collection.query.fetchObjects({
      filters: collection.filter.byProperty("chunkId").containsAny(ids),
      limit: MAX_K,
    });
    return objects.map((o) => toChunk(o.properties));
  }

  async allVectors(name: string): Promise<{ id: string; vector: Float32Array }[]> {
    const vectors: { id: string; vector: Float32Array }[] = [];
    for await (const o of this.collection(name).iterator({ includeVector: true, returnProperties: ["chunkId"] })) {
      vectors.push({ id: o.properties.chunkId, vector: Float32Array.from(o.vectors.default) });
    }
    return vectors;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/**
 * Production vector store: Weaviate through the official v3 client. One
 * Weaviate collection per ragcamp collection (learners are separated by the
 * name prefix, as in LanceDB), vectors brought by us, exact flat cosine index.
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
import { hybridSearch } from "./fusion";
import { validateCollectionName } from "./names";
import {
  FILTER_FIELDS,
  assertSameMeta,
  checkSearchRequest,
  collectionMetaSchema,
  notFound,
  parseMeta,
  prepareRows,
  storedChunkSchema,
  MAX_K,
  type ChunkRecord,
  type ChunkStore,
  type CollectionInfo,
  type CollectionMeta,
  type SearchFilter,
  type SearchHit,
  type PreparedRow,
  type SearchRequest,
  type SingleSearch,
  type StoredChunk,
} from "./port";

export interface WeaviateStoreOptions {
  /** e.g. http://localhost:8080 or https://xyz.weaviate.cloud */
  url: string;
  apiKey?: string;
  /** gRPC port for self-hosted servers; the client queries over gRPC. */
  grpcPort?: number;
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
 * collections on a shared server are left alone.
 */
const descriptionSchema = z.object({ ragcamp: z.literal(1), name: z.string(), meta: collectionMetaSchema });
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

export async function openWeaviateStore(options: WeaviateStoreOptions): Promise<ChunkStore> {
  const conn = weaviateConnection(options);
  try {
    const client =
      conn.kind === "cloud"
        ? await weaviate.connectToWeaviateCloud(conn.url, conn.apiKey ? { authCredentials: new ApiKey(conn.apiKey) } : {})
        : await weaviate.connectToCustom(conn.options);
    return new WeaviateChunkStore(client);
  } catch (e) {
    throw new LabError("unavailable", `cannot reach Weaviate at ${options.url}: ${e instanceof Error ? e.message : String(e)}`);
  }
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

class WeaviateChunkStore implements ChunkStore {
  readonly engine = "weaviate";
  private readonly metas = new Map<string, CollectionMeta>();

  constructor(private readonly client: WeaviateClient) {}

  private collection(name: string): ChunkCollection {
    return this.client.collections.use<string, ChunkProps, ChunkVectors>(weaviateName(name));
  }

  /** Our description of the Weaviate collection `name` maps to, undefined when it does not exist or is not ours. */
  private async description(name: string): Promise<Description | undefined> {
    const wName = weaviateName(name);
    if (!(await this.client.collections.exists(wName))) return undefined;
    return readDescription((await this.client.collections.export(wName)).description);
  }

  async collectionMeta(name: string): Promise<CollectionMeta> {
    const cached = this.metas.get(name);
    if (cached) return cached;
    const description = await this.description(name);
    if (description?.name !== name) throw notFound(name);
    this.metas.set(name, description.meta);
    return description.meta;
  }

  async listCollections(prefix = ""): Promise<CollectionInfo[]> {
    const ours = (await this.client.collections.listAll())
      .map((c) => readDescription(c.description))
      .filter((d): d is Description => d !== undefined && d.name.startsWith(prefix))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    return Promise.all(
      ours.map(async ({ name, meta }) => ({ name, meta, count: await this.collection(name).length() })),
    );
  }

  async describeCollection(name: string): Promise<CollectionInfo> {
    const meta = await this.collectionMeta(name);
    return { name, meta, count: await this.collection(name).length() };
  }

  async createCollection(name: string, meta: CollectionMeta): Promise<void> {
    const wanted = parseMeta(meta);
    const existing = await this.description(name);
    if (existing) {
      if (existing.name !== name) {
        throw new LabError("conflict", `collection ${name} would share Weaviate collection ${weaviateName(name)} with ${existing.name}`);
      }
      assertSameMeta(name, existing.meta, wanted);
    } else {
      await this.client.collections.create<ChunkProps>({
        name: weaviateName(name),
        description: JSON.stringify({ ragcamp: 1, name, meta: wanted } satisfies Description),
        properties: [...PROPERTIES],
        // Flat and uncompressed: exact search like LanceDB's, so both engines return the same neighbours.
        vectorizers: configure.vectors.selfProvided({
          vectorIndexConfig: configure.vectorIndex.flat({
            distanceMetric: "cosine",
            quantizer: configure.vectorIndex.quantizer.none(),
          }),
        }),
      });
    }
    this.metas.set(name, wanted);
  }

  async upsert(name: string, rows: StoredChunk[]): Promise<void> {
    const objects = prepareRows(rows, await this.collectionMeta(name)).map(toObject);
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
    await this.collectionMeta(name);
    const collection = this.collection(name);
    await collection.data.deleteMany(collection.filter.byProperty("docId").equal(docId));
  }

  async dropCollection(name: string): Promise<void> {
    await this.collectionMeta(name);
    await this.client.collections.delete(weaviateName(name));
    this.metas.delete(name);
  }

  async search(name: string, request: SearchRequest): Promise<SearchHit[]> {
    const req = checkSearchRequest(request, await this.collectionMeta(name));
    // Hybrid is fused here rather than by Weaviate's own hybrid query, so both engines weigh the two rankings alike.
    return req.mode === "hybrid" ? hybridSearch((r) => this.searchOne(name, r), req) : this.searchOne(name, req);
  }

  private async searchOne(name: string, req: SingleSearch): Promise<SearchHit[]> {
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
    await this.collectionMeta(name);
    if (ids.length === 0) return [];
    const collection = this.collection(name);
    const { objects } = await collection.query.fetchObjects({
      filters: collection.filter.byProperty("chunkId").containsAny(ids.slice(0, MAX_K)),
      limit: MAX_K,
    });
    return objects.map((o) => toChunk(o.properties));
  }

  async allVectors(name: string): Promise<{ id: string; vector: Float32Array }[]> {
    await this.collectionMeta(name);
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

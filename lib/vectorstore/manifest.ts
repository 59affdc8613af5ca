/**
 * Crash-consistent collections. An engine's tables hold data only; whether a
 * collection exists is decided by its manifest row in the app database,
 * written after the data is complete and removed before the data is dropped.
 * So a kill at any moment leaves either a whole collection or an invisible
 * leftover table, and leftovers are removed at start-up (engines this data
 * dir owns) or when the name is written again (shared servers). A table that
 * cannot be read is skipped in listings and reported for itself only.
 */
import type { AppDb } from "../db/app-db";
import { isLabError, LabError } from "../errors";
import { hybridSearch } from "./fusion";
import { KeyedQueue } from "@/lib/async/keyed-queue";
import { validateCollectionName } from "./names";
import {
  MAX_K,
  assertSameMeta,
  checkSearchRequest,
  collectionMetaSchema,
  notFound,
  parseMeta,
  prepareRows,
  type ChunkRecord,
  type ChunkStore,
  type CollectionInfo,
  type CollectionMeta,
  type PreparedRow,
  type SearchHit,
  type SearchRequest,
  type SingleSearch,
  type StoredChunk,
} from "./port";

export type CollectionManifest = Pick<
  AppDb,
  "listCollectionManifests" | "getCollectionManifest" | "putCollectionManifest" | "deleteCollectionManifest"
>;

/** One engine's storage, below the manifest: names here are collection names, already validated. */
export interface ChunkTables {
  readonly engine: "lancedb" | "weaviate";
  /** Tables the engine holds for us, complete or not. */
  tableNames(): Promise<string[]>;
  /** Collections recorded by a version without the manifest, to adopt once: their data was written before this rule. */
  legacyCollections(): Promise<{ name: string; meta: unknown }[]>;
  /** Called once every legacy collection has a manifest row. */
  forgetLegacy(): Promise<void>;
  /** A new table holding `rows` (none: the table may appear at the first upsert). */
  createTable(name: string, meta: CollectionMeta, rows: PreparedRow[]): Promise<void>;
  /** Removes the table whatever state a crash left it in; nothing when there is none. */
  dropTable(name: string): Promise<void>;
  count(name: string): Promise<number>;
  upsert(name: string, rows: PreparedRow[]): Promise<void>;
  deleteByDoc(name: string, docId: string): Promise<void>;
  searchOne(name: string, req: SingleSearch): Promise<SearchHit[]>;
  /** At most MAX_K ids. */
  getChunks(name: string, ids: string[]): Promise<ChunkRecord[]>;
  allVectors(name: string): Promise<{ id: string; vector: Float32Array }[]>;
  close(): Promise<void>;
}

/** Test-only stops in writeCollection (see ./test-pause). */
export type PausePoint = "before-write" | "before-manifest";

export interface ManifestOptions {
  /** Removes tables without a manifest row now: only for an engine whose data this app database alone owns. */
  sweep: boolean;
  pause?: (point: PausePoint) => Promise<void>;
  /** Runs after the engine closes (e.g. an app database opened for this store alone). */
  onClose?: () => void;
}

function log(message: string, error?: unknown): void {
  console.error(`[vectorstore] ${message}`, ...(error === undefined ? [] : [error]));
}

export async function openManifestStore(tables: ChunkTables, manifest: CollectionManifest, options: ManifestOptions): Promise<ChunkStore> {
  const store = new ManifestChunkStore(tables, manifest, options);
  await store.recover(options.sweep);
  return store;
}

class ManifestChunkStore implements ChunkStore {
  /** Manifest metadata by name, so searches make no database read; misses read the row. */
  private readonly metas = new Map<string, CollectionMeta>();
  /** Creating, writing and dropping one name run one at a time. */
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly tables: ChunkTables,
    private readonly manifest: CollectionManifest,
    private readonly options: ManifestOptions,
  ) {}

  get engine(): ChunkTables["engine"] {
    return this.tables.engine;
  }

  async recover(sweep: boolean): Promise<void> {
    for (const { name, meta } of await this.tables.legacyCollections()) {
      if (!this.manifest.getCollectionManifest(this.engine, name)) this.manifest.putCollectionManifest(this.engine, name, parseMeta(meta));
    }
    await this.tables.forgetLegacy();
    if (!sweep) return;
    for (const name of await this.tables.tableNames()) {
      if (this.manifest.getCollectionManifest(this.engine, name)) continue;
      log(`removing ${this.engine} table ${name}: it has no manifest row (a write was interrupted)`);
      await this.tables.dropTable(name).catch((e: unknown) => log(`could not remove ${name}`, e));
    }
  }

  private parseRow(name: string, meta: unknown): CollectionMeta | undefined {
    const parsed = collectionMetaSchema.safeParse(meta);
    if (!parsed.success) {
      log(`collection ${name} has an unreadable manifest row; skipping it`);
      return undefined;
    }
    this.metas.set(name, parsed.data);
    return parsed.data;
  }

  private meta(name: string): CollectionMeta | undefined {
    const cached = this.metas.get(validateCollectionName(name));
    if (cached) return cached;
    const row = this.manifest.getCollectionManifest(this.engine, name);
    return row && this.parseRow(name, row.meta);
  }

  async collectionMeta(name: string): Promise<CollectionMeta> {
    const meta = this.meta(name);
    if (!meta) throw notFound(name);
    return meta;
  }

  /** Engine failures on one collection's data: logged in full here, a plain 503 for the learner. */
  private async read<T>(name: string, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (e) {
      if (isLabError(e)) throw e;
      log(`${this.engine} collection ${name} could not be read`, e);
      throw new LabError("unavailable", `collection ${name} could not be read (the server log has the details); ingest it again to rebuild it`);
    }
  }

  async listCollections(prefix = ""): Promise<CollectionInfo[]> {
    const rows = this.manifest.listCollectionManifests(this.engine, prefix);
    const infos = await Promise.all(
      rows.map(async ({ name, meta: raw }): Promise<CollectionInfo | undefined> => {
        const meta = this.parseRow(name, raw);
        if (!meta) return undefined;
        try {
          return { name, count: await this.tables.count(name), meta };
        } catch (e) {
          log(`collection ${name} could not be counted; leaving it out of the list`, e);
          return undefined;
        }
      }),
    );
    return infos.filter((i) => i !== undefined);
  }

  async describeCollection(name: string): Promise<CollectionInfo> {
    const meta = await this.collectionMeta(name);
    return { name, count: await this.read(name, () => this.tables.count(name)), meta };
  }

  private commit(name: string, meta: CollectionMeta): void {
    this.manifest.putCollectionManifest(this.engine, name, meta);
    this.metas.set(name, meta);
  }

  async createCollection(name: string, meta: CollectionMeta): Promise<void> {
    validateCollectionName(name);
    const wanted = parseMeta(meta);
    await this.queue.run(name, async () => {
      const existing = this.meta(name);
      if (existing) return assertSameMeta(name, existing, wanted);
      await this.tables.dropTable(name);
      await this.tables.createTable(name, wanted, []);
      this.commit(name, wanted);
    });
  }

  async writeCollection(name: string, meta: CollectionMeta, rows: StoredChunk[]): Promise<void> {
    validateCollectionName(name);
    const wanted = parseMeta(meta);
    const prepared = prepareRows(rows, wanted);
    await this.queue.run(name, async () => {
      await this.options.pause?.("before-write");
      this.forget(name);
      await this.tables.dropTable(name);
      await this.tables.createTable(name, wanted, prepared);
      await this.options.pause?.("before-manifest");
      this.commit(name, wanted);
    });
  }

  /** The manifest row goes first: from here on the collection is invisible, whatever happens to its table. */
  private forget(name: string): void {
    this.manifest.deleteCollectionManifest(this.engine, name);
    this.metas.delete(name);
  }

  async upsert(name: string, rows: StoredChunk[]): Promise<void> {
    const prepared = prepareRows(rows, await this.collectionMeta(name));
    if (prepared.length > 0) await this.tables.upsert(name, prepared);
  }

  async deleteByDoc(name: string, docId: string): Promise<void> {
    await this.collectionMeta(name);
    await this.tables.deleteByDoc(name, docId);
  }

  async dropCollection(name: string): Promise<void> {
    await this.queue.run(name, async () => {
      await this.collectionMeta(name);
      this.forget(name);
      // Invisible already: a table that will not go is removed by the next sweep or write of this name.
      await this.tables.dropTable(name).catch((e: unknown) => log(`could not remove the table of dropped collection ${name}`, e));
    });
  }

  async search(name: string, request: SearchRequest): Promise<SearchHit[]> {
    const req = checkSearchRequest(request, await this.collectionMeta(name));
    // Hybrid is fused here rather than by an engine's own hybrid query, so both engines weigh the two rankings alike.
    return this.read(name, () =>
      req.mode === "hybrid" ? hybridSearch((r) => this.tables.searchOne(name, r), req) : this.tables.searchOne(name, req),
    );
  }

  async getChunks(name: string, ids: string[]): Promise<ChunkRecord[]> {
    await this.collectionMeta(name);
    if (ids.length === 0) return [];
    return this.read(name, () => this.tables.getChunks(name, ids.slice(0, MAX_K)));
  }

  async allVectors(name: string): Promise<{ id: string; vector: Float32Array }[]> {
    await this.collectionMeta(name);
    return this.read(name, () => this.tables.allVectors(name));
  }

  async close(): Promise<void> {
    await this.tables.close();
    this.options.onClose?.();
  }
}

/**
 * Crash-consistent collections. An engine's tables hold data only; whether a
 * collection exists is decided by its manifest row in the app database,
 * written after the data is complete and removed before the data is dropped.
 * So a kill at any moment leaves either a whole collection or an invisible
 * leftover table, and leftovers are removed at start-up (engines this data
 * dir owns) or when the name is written again (shared servers). A table that
 * cannot be read is skipped in listings and reported for itself only.
 */
import type { ManifestStore } from "../db/app-db";
import type { KeywordIndex } from "@/lib/retrieval/contract";
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

export type CollectionManifest = ManifestStore;

/** One engine's storage, below the manifest: names here are collection names, already validated. */
export interface ChunkTables {
  readonly engine: "lancedb" | "weaviate";
  readonly keywordIndexes: readonly KeywordIndex[];
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
  onClose?: () => Promise<void>;
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
  /**
   * Manifest writes per name from this store. A row read while one was under
   * way may be older than the write, so it is returned but not cached: a
   * drop is never undone by a slow read that started before it.
   */
  private readonly writes = new Map<string, number>();
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

  get keywordIndexes(): readonly KeywordIndex[] {
    return this.tables.keywordIndexes;
  }

  async recover(sweep: boolean): Promise<void> {
    for (const { name, meta } of await this.tables.legacyCollections()) {
      if (!(await this.manifest.get(this.engine, name))) await this.manifest.put(this.engine, name, parseMeta(meta));
    }
    await this.tables.forgetLegacy();
    if (!sweep) return;
    for (const name of await this.tables.tableNames()) {
      if (await this.manifest.get(this.engine, name)) continue;
      log(`removing ${this.engine} table ${name}: it has no manifest row (a write was interrupted)`);
      await this.tables.dropTable(name).catch((e: unknown) => log(`could not remove ${name}`, e));
    }
  }

  private writesTo(name: string): number {
    return this.writes.get(name) ?? 0;
  }

  /** A row's metadata, cached unless a manifest write to the name began after `readFrom` (the count when the read started). */
  private parseRow(name: string, meta: unknown, readFrom: number): CollectionMeta | undefined {
    const parsed = collectionMetaSchema.safeParse(meta);
    if (!parsed.success) {
      log(`collection ${name} has an unreadable manifest row; skipping it`);
      return undefined;
    }
    if (this.writesTo(name) === readFrom) this.metas.set(name, parsed.data);
    return parsed.data;
  }

  private async meta(name: string): Promise<CollectionMeta | undefined> {
    const cached = this.metas.get(validateCollectionName(name));
    if (cached) return cached;
    const readFrom = this.writesTo(name);
    const row = await this.manifest.get(this.engine, name);
    return row && this.parseRow(name, row.meta, readFrom);
  }

  async collectionMeta(name: string): Promise<CollectionMeta> {
    const meta = await this.meta(name);
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
    const readFrom = new Map(this.writes);
    const rows = await this.manifest.list(this.engine, prefix);
    const infos = await Promise.all(
      rows.map(async ({ name, meta: raw }): Promise<CollectionInfo | undefined> => {
        const meta = this.parseRow(name, raw, readFrom.get(name) ?? 0);
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

  /** A manifest write to `name`; reads that overlap it are not cached. */
  private async writeManifest(name: string, write: () => Promise<void>): Promise<void> {
    this.writes.set(name, this.writesTo(name) + 1);
    this.metas.delete(name);
    try {
      await write();
    } finally {
      this.writes.set(name, this.writesTo(name) + 1);
    }
  }

  private async commit(name: string, meta: CollectionMeta): Promise<void> {
    await this.writeManifest(name, () => this.manifest.put(this.engine, name, meta));
    this.metas.set(name, meta);
  }

  async createCollection(name: string, meta: CollectionMeta): Promise<void> {
    validateCollectionName(name);
    const wanted = parseMeta(meta);
    await this.queue.run(name, async () => {
      const existing = await this.meta(name);
      if (existing) return assertSameMeta(name, existing, wanted);
      await this.tables.dropTable(name);
      await this.tables.createTable(name, wanted, []);
      await this.commit(name, wanted);
    });
  }

  async writeCollection(name: string, meta: CollectionMeta, rows: StoredChunk[]): Promise<void> {
    validateCollectionName(name);
    const wanted = parseMeta(meta);
    const prepared = prepareRows(rows, wanted);
    await this.queue.run(name, async () => {
      await this.options.pause?.("before-write");
      await this.forget(name);
      await this.tables.dropTable(name);
      await this.tables.createTable(name, wanted, prepared);
      await this.options.pause?.("before-manifest");
      await this.commit(name, wanted);
    });
  }

  /** The manifest row goes first: from here on the collection is invisible, whatever happens to its table. */
  private forget(name: string): Promise<void> {
    return this.writeManifest(name, () => this.manifest.delete(this.engine, name));
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
      await this.forget(name);
      // Invisible already: a table that will not go is removed by the next sweep or write of this name.
      await this.tables.dropTable(name).catch((e: unknown) => log(`could not remove the table of dropped collection ${name}`, e));
    });
  }

  async search(name: string, request: SearchRequest): Promise<SearchHit[]> {
    const req = checkSearchRequest(request, await this.collectionMeta(name), this);
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
    await this.options.onClose?.();
  }
}

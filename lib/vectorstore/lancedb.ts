/**
 * Embedded default vector store: LanceDB persisting to `<dataDir>/lancedb`,
 * one table per collection. Which collections exist is the app database's
 * manifest (./manifest); this data dir's tables are ours alone, so tables a
 * crash left without a manifest row are removed when the store opens.
 * Search is exact (no vector index): about 10 ms for 10k 512-d vectors.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { Index, connect, type Connection, type Query, type Table, type VectorQuery } from "@lancedb/lancedb";
import { KeyedQueue } from "@/lib/async/keyed-queue";
import { openAppDb } from "@/lib/db";
import { openManifestStore, type ChunkTables, type CollectionManifest, type PausePoint } from "./manifest";
import {
  FILTER_FIELDS,
  storedChunkSchema,
  type ChunkRecord,
  MAX_K,
  type ChunkStore,
  type CollectionMeta,
  type PreparedRow,
  type SearchFilter,
  type SearchHit,
  type SingleSearch,
} from "./port";

/** Where collection metadata lived before the manifest; adopted once, then dropped. */
const LEGACY_META_TABLE = "_collections";
/** LanceDB's default name for an index on the `text` column. */
const FTS_INDEX = "text_idx";
/**
 * Plain keywords: words as written. LanceDB's own default (since 0.2x) stems
 * and drops English stop words, so both are turned off here and the stemmed
 * index is a second one, on a copy of `text` (an index per column).
 */
const PLAIN_FTS = { stem: false, removeStopWords: false } as const;
const STEMMED_FTS = { stem: true, removeStopWords: true, language: "English" } as const;
/** Filled from `text` when the stemmed index is first asked for, and kept filled after each write (see maintain). */
const STEM_COLUMN = "text_stemmed";
const STEM_INDEX = "text_stemmed_idx";
const CHUNK_COLUMNS = Object.keys(storedChunkSchema.in.shape);
/** Columns to read back. Score columns are named because LanceDB will stop adding them implicitly. */
const PROJECTION = {
  vector: [...CHUNK_COLUMNS, "_distance"],
  bm25: [...CHUNK_COLUMNS, "_score"],
};

export interface LanceStoreOptions {
  dataDir: string;
  /** Defaults to the app database in `dataDir` (what the server uses), opened for this store alone. */
  manifest?: CollectionManifest;
  pause?: (point: PausePoint) => Promise<void>;
}

export async function openLanceStore({ dataDir, manifest, pause }: LanceStoreOptions): Promise<ChunkStore> {
  const root = path.join(dataDir, "lancedb");
  const tables = new LanceTables(await connect(root), root);
  if (manifest) return openManifestStore(tables, manifest, { sweep: true, pause });
  const own = await openAppDb({ dataDir });
  return openManifestStore(tables, own.manifests, { sweep: true, pause, onClose: () => own.close() });
}

/** A SQL string literal. DataFusion ends a literal only at a quote (backslashes are plain characters), so doubling quotes is the whole escape. */
function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Column names are backquoted because unquoted SQL identifiers are case-folded. */
function equalsSql(column: string, value: string): string {
  return `\`${column}\` = ${sqlString(value)}`;
}

function filterSql(filter: SearchFilter): string | undefined {
  const clauses = FILTER_FIELDS.flatMap((field) => {
    const value = filter[field];
    return value === undefined ? [] : [equalsSql(field, value)];
  });
  return clauses.length > 0 ? clauses.join(" AND ") : undefined;
}

function toRow({ fields, vector }: PreparedRow): Record<string, unknown> {
  return { ...fields, vector };
}

function toHit(row: Record<string, unknown>, mode: "vector" | "bm25"): SearchHit {
  const chunk = storedChunkSchema.parse(row);
  if (mode === "vector") {
    const distance = Number(row._distance);
    return { chunk, score: 1 - distance, distance };
  }
  return { chunk, score: Number(row._score) };
}

async function hasColumn(table: Table, column: string): Promise<boolean> {
  return (await table.schema()).fields.some((f) => f.name === column);
}

class LanceTables implements ChunkTables {
  readonly engine = "lancedb";
  private readonly queue = new KeyedQueue();
  private readonly tables = new Map<string, Table>();
  /** Collections compacted and fully FTS-indexed since their last write. */
  private readonly maintained = new Set<string>();
  /** Collections known to have the stemmed keyword index. */
  private readonly stemmed = new Set<string>();
  readonly keywordIndexes = ["plain", "stemmed"] as const;

  constructor(
    private readonly db: Connection,
    private readonly root: string,
  ) {}

  async tableNames(): Promise<string[]> {
    return (await this.db.tableNames()).filter((n) => n !== LEGACY_META_TABLE);
  }

  async legacyCollections(): Promise<{ name: string; meta: unknown }[]> {
    if (!(await this.db.tableNames()).includes(LEGACY_META_TABLE)) return [];
    try {
      const rows: Record<string, unknown>[] = await (await this.db.openTable(LEGACY_META_TABLE)).query().toArray();
      return rows.map((r) => ({ name: String(r.name), meta: JSON.parse(String(r.meta)) as unknown }));
    } catch (e) {
      // Half-written by a crash: the collections it named were never readable either.
      console.error(`[vectorstore] the old ${LEGACY_META_TABLE} table is unreadable; dropping it`, e);
      return [];
    }
  }

  forgetLegacy(): Promise<void> {
    return this.dropTable(LEGACY_META_TABLE);
  }

  /** The collection's table, or undefined before its first rows (LanceDB infers the schema from them). */
  private async table(name: string): Promise<Table | undefined> {
    const cached = this.tables.get(name);
    if (cached) return cached;
    if (!(await this.db.tableNames()).includes(name)) return undefined;
    const table = await this.db.openTable(name);
    this.tables.set(name, table);
    return table;
  }

  async createTable(name: string, _meta: CollectionMeta, rows: PreparedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.queue.run(name, async () => {
      this.tables.set(name, await this.db.createTable(name, rows.map(toRow)));
      this.maintained.delete(name);
      this.stemmed.delete(name);
    });
  }

  async dropTable(name: string): Promise<void> {
    await this.queue.run(name, async () => {
      this.tables.get(name)?.close();
      this.tables.delete(name);
      this.maintained.delete(name);
      this.stemmed.delete(name);
      if ((await this.db.tableNames()).includes(name)) await this.db.dropTable(name).catch(() => undefined);
      // A table killed before its first commit may not be listed or droppable; its folder is all there is.
      await fs.rm(path.join(this.root, `${name}.lance`), { recursive: true, force: true });
    });
  }

  async count(name: string): Promise<number> {
    const table = await this.table(name);
    return table ? table.countRows() : 0;
  }

  async upsert(name: string, rows: PreparedRow[]): Promise<void> {
    await this.queue.run(name, async () => {
      const data = rows.map(toRow);
      const table = await this.table(name);
      if (table) await table.mergeInsert("id").whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(data);
      else this.tables.set(name, await this.db.createTable(name, data));
      this.maintained.delete(name);
    });
  }

  async deleteByDoc(name: string, docId: string): Promise<void> {
    await this.queue.run(name, async () => {
      await (await this.table(name))?.delete(equalsSql("docId", docId));
      this.maintained.delete(name);
    });
  }

  /**
   * Runs once after a burst of writes, before the next search: compacts the
   * small fragments each upsert batch leaves and brings the FTS index up to
   * date (building it on first use). Both would otherwise slow every search
   * (10k chunks in batches of 64: vector p50 24 ms before, 7 ms after); doing
   * it per ingest rather than per batch keeps ingest fast. Rows written since
   * the stemmed copy of `text` was made get their copy here too.
   */
  private async maintain(name: string, table: Table): Promise<void> {
    if (this.maintained.has(name)) return;
    await this.queue.run(name, async () => {
      // Two searches right after an ingest both queue this; the second has nothing left to do.
      if (this.maintained.has(name)) return;
      if (await hasColumn(table, STEM_COLUMN)) await table.update({ where: `\`${STEM_COLUMN}\` IS NULL OR \`${STEM_COLUMN}\` <> \`text\``, valuesSql: { [STEM_COLUMN]: "`text`" } });
      await table.optimize();
      const plain = (await table.listIndices()).find((i) => i.name === FTS_INDEX);
      const isPlain = (plain?.indexDetails as { stem?: boolean } | undefined)?.stem === false;
      // Tables indexed before keywords had two settings carry LanceDB's stemming default: indexed plain again, once.
      if (plain && !isPlain) await table.dropIndex(FTS_INDEX);
      if (!isPlain) await table.createIndex("text", { config: Index.fts(PLAIN_FTS), name: FTS_INDEX });
      this.maintained.add(name);
    });
  }

  /** The stemmed keyword index, built the first time it is searched: collections never searched that way pay nothing. */
  private async stemIndex(name: string, table: Table): Promise<void> {
    if (this.stemmed.has(name)) return;
    await this.queue.run(name, async () => {
      if (this.stemmed.has(name)) return;
      if (!(await hasColumn(table, STEM_COLUMN))) await table.addColumns([{ name: STEM_COLUMN, valueSql: "`text`" }]);
      if (!(await table.indexStats(STEM_INDEX))) await table.createIndex(STEM_COLUMN, { config: Index.fts(STEMMED_FTS), name: STEM_INDEX });
      this.stemmed.add(name);
    });
  }

  async searchOne(name: string, req: SingleSearch): Promise<SearchHit[]> {
    const table = await this.table(name);
    if (!table) return [];
    await this.maintain(name, table);
    if (req.mode === "bm25" && req.keywords === "stemmed") await this.stemIndex(name, table);
    const query: Query | VectorQuery =
      req.mode === "bm25"
        ? table.query().fullTextSearch(req.text, { columns: req.keywords === "stemmed" ? STEM_COLUMN : "text" })
        : table.query().nearestTo(req.vector).distanceType("cosine");
    const where = filterSql(req.filter);
    if (where) query.where(where);
    const rows: Record<string, unknown>[] = await query.select(PROJECTION[req.mode]).limit(req.k).toArray();
    return rows.map((row) => toHit(row, req.mode));
  }

  async getChunks(name: string, ids: string[]): Promise<ChunkRecord[]> {
    const table = await this.table(name);
    if (!table) return [];
    const rows: Record<string, unknown>[] = await table
      .query()
      .where(`\`id\` IN (${ids.map(sqlString).join(", ")})`)
      .select(CHUNK_COLUMNS)
      .limit(MAX_K)
      .toArray();
    return rows.map((row) => storedChunkSchema.parse(row));
  }

  async allVectors(name: string): Promise<{ id: string; vector: Float32Array }[]> {
    const table = await this.table(name);
    if (!table) return [];
    const rows: { id: string; vector: { toArray(): Float32Array } }[] = await table
      .query()
      .select(["id", "vector"])
      .toArray();
    return rows.map((r) => ({ id: r.id, vector: r.vector.toArray() }));
  }

  async close(): Promise<void> {
    for (const table of this.tables.values()) table.close();
    this.tables.clear();
    this.db.close();
  }
}

import path from "node:path";
import { sql } from "kysely";
import { LabError } from "@/lib/errors";
import { upgradeLegacyAppSqlite } from "./legacy-sqlite";
import { isNulRefusal } from "./kysely/errors";
import { appMigrations, migrate } from "./kysely/migrations";
import type { Tables } from "./kysely/schema";
import { connect, type Connection } from "./open";

/** Every table, in an order a reader could follow; a table missing here fails to compile. */
const TABLES: Record<keyof Tables, { autoId?: true }> = {
  learner: {},
  cohort: {},
  join_link: {},
  cell_code: {},
  cell_run: {},
  own_cell: {},
  exercise_event: { autoId: true },
  job: {},
  instance: {},
  experiment: {},
  test_look: {},
  judge_reply: {},
  judge_run: {},
  rag_answer: {},
  claim_review: {},
  llm_trace: { autoId: true },
  collection_manifest: {},
  embedding: {},
  quota_account: {},
  quota_reservation: {},
  // Users before what refers to them.
  auth_user: {},
  auth_session: {},
  auth_account: {},
  auth_verification: {},
  auth_rate_limit: {},
};

/** Rows per INSERT: well under both engines' bound-parameter limits for the widest table (11 columns). */
const BATCH = 500;

export interface CopyReport {
  from: string;
  to: string;
  rows: Partial<Record<keyof Tables, number>>;
}

/**
 * Copies a data directory's SQLite app database into an empty PostgreSQL
 * database (`ragcamp db copy --to URL`), in one transaction on the target: it
 * ends with all of it there or none. The source is brought to the current
 * schema, as opening it would, and otherwise only read. Vector
 * collections and graphs stay in the data directory (their own engines).
 */
export async function copyAppDb(dataDir: string, toUrl: string, onTable?: (table: string, rows: number) => void): Promise<CopyReport> {
  upgradeLegacyAppSqlite(path.join(dataDir, "app.sqlite"));
  const from = connect({ dataDir });
  const to = connect({ dataDir, url: toUrl });
  try {
    await migrate(from.db, from.location, appMigrations(from.engine));
    await refuseForeignTables(to);
    await migrate(to.db, to.location, appMigrations(to.engine));
    await refuseUnlessEmpty(to);
    const rows: CopyReport["rows"] = {};
    await to.db.transaction().execute(async (trx) => {
      for (const [table, { autoId }] of Object.entries(TABLES) as [keyof Tables, { autoId?: true }][]) {
        const all = await from.db.selectFrom(table).selectAll().execute();
        for (let i = 0; i < all.length; i += BATCH) {
          await trx
            .insertInto(table)
            .values(all.slice(i, i + BATCH) as never)
            .execute()
            .catch((e: unknown) => {
              throw refusedRow(e, table);
            });
        }
        // Ids were copied as they were: the identity must go on from the largest one, or the next insert collides.
        if (autoId && all.length > 0) {
          await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT max(id) FROM ${sql.table(table)}))`.execute(trx);
        }
        rows[table] = all.length;
        onTable?.(table, all.length);
      }
    });
    return { from: from.location, to: to.location, rows };
  } finally {
    await Promise.all([from.db.destroy(), to.db.destroy()]);
  }
}

/**
 * SQLite text may hold a NUL character (rows written before the lab refused
 * it); PostgreSQL's cannot. The copy then stops with the table to clean,
 * rather than the driver's words.
 */
function refusedRow(e: unknown, table: string): unknown {
  if (!isNulRefusal(e)) return e;
  return new LabError("bad_input", `Nothing was copied: a row of table ${table} holds text with a NUL character (U+0000), which PostgreSQL cannot store. Remove the character in the SQLite database and copy again.`);
}

/** A mistyped database name must not fill another application's database: any table but ours is a refusal. */
async function refuseForeignTables(to: Connection): Promise<void> {
  const ours = new Set<string>([...Object.keys(TABLES), "kysely_migration", "kysely_migration_lock"]);
  const tables = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(to.db);
  const foreign = tables.rows.map((r) => r.name).filter((t) => !ours.has(t));
  if (foreign.length > 0) {
    throw new LabError("conflict", `The database ${to.location} holds tables that are not the lab's (${foreign.slice(0, 5).join(", ")}${foreign.length > 5 ? ", …" : ""}); copy only into an empty database of its own.`);
  }
}

async function refuseUnlessEmpty(to: Connection): Promise<void> {
  for (const table of Object.keys(TABLES) as (keyof Tables)[]) {
    const row = await to.db.selectFrom(table).select(sql<number>`1`.as("one")).limit(1).executeTakeFirst();
    if (row) {
      throw new LabError("conflict", `The app database ${to.location} already holds data (table ${table}); copy only into an empty database, so nothing there is mixed or overwritten.`);
    }
  }
}

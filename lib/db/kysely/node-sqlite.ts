import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase } from "kysely";

/**
 * Kysely over Node's built-in `node:sqlite`. Kysely's SqliteDialect is written
 * for better-sqlite3; `DatabaseSync` differs only in taking parameters spread
 * rather than as an array and in how it tells a statement returns rows, so it
 * is wrapped to that shape and the rest of the dialect is reused.
 */
function asBetterSqlite(db: DatabaseSync): SqliteDatabase {
  return {
    close: () => db.close(),
    prepare(sql) {
      const stmt = db.prepare(sql);
      const args = (parameters: readonly unknown[]) => parameters as SQLInputValue[];
      return {
        // Columns: a SELECT, a PRAGMA that answers, or a write with RETURNING.
        reader: stmt.columns().length > 0,
        all: (parameters) => stmt.all(...args(parameters)),
        run: (parameters) => stmt.run(...args(parameters)),
        iterate: (parameters) => stmt.iterate(...args(parameters)),
      };
    },
  };
}

class NodeSqliteAdapter extends SqliteAdapter {
  /** SQLite's DDL is transactional: Kysely's Migrator then runs all pending migrations in one transaction, as on PostgreSQL. */
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class NodeSqliteDriver extends SqliteDriver {
  /**
   * IMMEDIATE takes the write lock up front. A deferred transaction that reads
   * and then writes gets SQLITE_BUSY at once, without waiting out busy_timeout,
   * when another process wrote in between.
   */
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

export class NodeSqliteDialect extends SqliteDialect {
  private readonly database: SqliteDatabase;

  constructor(db: DatabaseSync) {
    const database = asBetterSqlite(db);
    super({ database });
    this.database = database;
  }

  override createDriver(): Driver {
    return new NodeSqliteDriver({ database: this.database });
  }

  override createAdapter(): SqliteAdapter {
    return new NodeSqliteAdapter();
  }
}

import fs from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { AppDb } from "./app-db";
import { importLegacyEmbeddings, upgradeLegacyAppSqlite } from "./legacy-sqlite";
import { appMigrations, migrate, type Engine } from "./kysely/migrations";
import { NodeSqliteDialect } from "./kysely/node-sqlite";
import type { Tables } from "./kysely/schema";
import { createStores } from "./kysely/stores";

export interface AppDbOptions {
  /** The lab's data directory: app.sqlite lives there, and an old embeddings.sqlite is imported from there. */
  dataDir: string;
  /** A postgres:// URL (DATABASE_URL): the app database is then on that PostgreSQL server. */
  url?: string;
}

/** A database with no stores yet: what openAppDb migrates, and what tests migrate their own way. */
export interface Connection {
  engine: Engine;
  location: string;
  db: Kysely<Tables>;
}

/** host:port/database, for messages: a URL's password must never reach one. */
export function postgresLocation(url: string): string {
  const u = new URL(url);
  // A host in the query (a socket directory) overrides the URL's, as node-postgres reads it.
  const host = u.searchParams.get("host") || u.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost";
  const database = decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username);
  return `${host}:${u.port || "5432"}/${database}`;
}

/** Connects without migrating: PostgreSQL for a URL, else `<dataDir>/app.sqlite`. */
export function connect({ dataDir, url }: AppDbOptions): Connection {
  if (url) {
    const location = postgresLocation(url);
    const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
    // A connection the server or network drops is an 'error' event, which unhandled would end the process.
    // Idle ones are logged and replaced; on one in use, the query in flight (or the next) fails instead, naming its step.
    pool.on("error", (e) => console.error(`app database ${location}: idle connection lost: ${e.message}`));
    pool.on("connect", (client) => client.on("error", () => {}));
    return { engine: "postgres", location, db: new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }) };
  }
  const file = path.join(dataDir, "app.sqlite");
  fs.mkdirSync(dataDir, { recursive: true });
  const sqlite = new DatabaseSync(file);
  // NORMAL is the usual pairing with WAL: no corruption on a crash, only the last commits lost on power failure.
  sqlite.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
  return { engine: "sqlite", location: file, db: new Kysely<Tables>({ dialect: new NodeSqliteDialect(sqlite) }) };
}

/**
 * Opens the app database, migrated to the latest schema: data directories
 * from before Kysely are brought forward first (legacy-sqlite.ts).
 */
export async function openAppDb(options: AppDbOptions): Promise<AppDb> {
  const sqliteFile = path.join(options.dataDir, "app.sqlite");
  if (!options.url) upgradeLegacyAppSqlite(sqliteFile);
  // Work there is not lost, but not shown either: say so once, where the instructor looks.
  else if (fs.existsSync(sqliteFile)) console.warn(`DATABASE_URL is set, so ${sqliteFile} is not used; to move its work into PostgreSQL, stop the lab and run \`ragcamp db copy\`.`);
  const { engine, location, db } = connect(options);
  try {
    await migrate(db, location, appMigrations(engine));
    const stores = createStores(db, engine, location);
    await importLegacyEmbeddings(options.dataDir, stores.embeddings);
    return { engine, location, ...stores, kysely: db, close: () => db.destroy() };
  } catch (e) {
    await db.destroy();
    throw e;
  }
}

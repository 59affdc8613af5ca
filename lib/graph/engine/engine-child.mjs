// The LadybugDB engine process. Every engine call (open, EXPLAIN, prepare,
// execute, close) happens here, never in the server: some built-in functions
// crash the native engine, and a crash must take down only this process.
// Plain JS, resolved from the working directory by supervisor.ts, because
// Next does not bundle it. Requests and replies travel over the fork IPC
// channel with "advanced" serialization, so bigints, dates and maps arrive intact.
import { Connection, Database } from "@ladybugdb/core";

/** key -> { ready: Promise<Database>, active: Set<Promise> } */
const databases = new Map();
/** key -> the close in progress, which a re-open of the same file waits for. */
const closing = new Map();

function database(spec) {
  let entry = databases.get(spec.key);
  if (!entry) {
    const open = async () => {
      await closing.get(spec.key);
      const db = new Database(spec.path, spec.bufferPoolSize, true, spec.readOnly, spec.maxDBSize);
      await db.init();
      return db;
    };
    entry = { ready: open(), active: new Set() };
    const opened = entry;
    // A failed open is not remembered: the next request tries again.
    opened.ready.catch(() => databases.get(spec.key) === opened && databases.delete(spec.key));
    databases.set(spec.key, entry);
  }
  return entry;
}

/** Runs `work` on a fresh connection to the database, tracked so close() waits for it. */
async function withConnection(spec, timeoutMs, work) {
  const entry = database(spec);
  const db = await entry.ready;
  const conn = new Connection(db);
  const run = (async () => {
    try {
      conn.setQueryTimeout(timeoutMs);
      return await work(conn);
    } finally {
      await conn.close();
    }
  })();
  entry.active.add(run);
  try {
    return await run;
  } finally {
    entry.active.delete(run);
  }
}

async function prepared(conn, cypher, params) {
  const statement = await conn.prepare(cypher);
  if (!statement.isSuccess()) throw new Error(statement.getErrorMessage());
  const executed = await conn.execute(statement, params);
  // Prepared statements are single statements, so there is one result.
  return Array.isArray(executed) ? executed[0] : executed;
}

/** Closes after the queries running on it finish. */
async function closeDatabase(key) {
  const entry = databases.get(key);
  if (!entry) return closing.get(key);
  databases.delete(key);
  const done = (async () => {
    await Promise.allSettled(entry.active);
    const db = await entry.ready.catch(() => undefined);
    await db?.close();
  })();
  closing.set(key, done);
  try {
    await done;
  } finally {
    if (closing.get(key) === done) closing.delete(key);
  }
}

const handlers = {
  async open({ db }) {
    await database(db).ready;
    return null;
  },

  async close({ key }) {
    await closeDatabase(key);
    return null;
  },

  /** The raw plan text of `EXPLAIN <cypher>`. */
  async explain({ db, cypher, params, timeoutMs }) {
    return withConnection(db, timeoutMs, async (conn) => {
      const result = await prepared(conn, `EXPLAIN ${cypher}`, params);
      try {
        return (await result.getAll()).map((row) => Object.values(row).join("\n")).join("\n");
      } finally {
        result.close();
      }
    });
  },

  /** Rows as the engine returns them, at most rowLimit; the server converts them to JSON. */
  async execute({ db, cypher, params, timeoutMs, rowLimit }) {
    return withConnection(db, timeoutMs, async (conn) => {
      const result = await prepared(conn, cypher, params);
      try {
        const columns = await result.getColumnNames();
        const rows = [];
        let truncated = false;
        while (result.hasNext()) {
          const row = await result.getNext();
          if (!row) continue;
          if (rows.length === rowLimit) {
            truncated = true;
            break;
          }
          rows.push(row);
        }
        return { columns, rows, truncated };
      } finally {
        result.close();
      }
    });
  },
};

process.on("message", async (message) => {
  const { id, op, ...args } = message;
  try {
    const value = await handlers[op](args);
    process.send?.({ id, ok: true, value });
  } catch (e) {
    process.send?.({ id, ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});

// The server went away or is closing us: close the databases cleanly, but do
// not wait on a runaway query for long.
process.on("disconnect", () => {
  const closed = Promise.allSettled([...databases.keys()].map(closeDatabase));
  const late = new Promise((resolve) => setTimeout(resolve, 2_000));
  void Promise.race([closed, late]).then(() => process.exit(0));
});

process.send?.({ ready: true });

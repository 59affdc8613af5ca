import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freshDatabase, startPostgres } from "./postgres";

const url = inject("postgresUrl");

async function query<T extends pg.QueryResultRow>(connectionString: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function withCredentials(from: string, user: string, password: string): string {
  const u = new URL(from);
  u.username = user;
  u.password = password;
  return u.toString();
}

/** The SQLSTATE the server answered a failed connection with (undefined when the client gave up on its own). */
async function connectError(connectionString: string): Promise<{ code?: string; message: string }> {
  const client = new pg.Client({ connectionString });
  try {
    await client.connect();
  } catch (e) {
    return e as { code?: string; message: string };
  } finally {
    await client.end().catch(() => {});
  }
  throw new Error("the connection was accepted");
}

describe("the test run's PostgreSQL cluster", () => {
  it("is a real PostgreSQL server, version 15 or newer", async () => {
    const [row] = await query<{ server_version_num: string }>(url, "SHOW server_version_num");
    expect(Number(row.server_version_num)).toBeGreaterThanOrEqual(150000);
  });

  it("listens on loopback with the test role's password", async () => {
    expect(url).toMatch(/^postgres:\/\/ragcamp_test:[0-9a-f]+@127\.0\.0\.1:\d+\/ragcamp_test$/);
    const [row] = await query<{ user: string; db: string }>(url, "SELECT current_user AS user, current_database() AS db");
    expect(row).toEqual({ user: "ragcamp_test", db: "ragcamp_test" });
  });

  it("refuses a wrong password over TCP", async () => {
    expect((await connectError(withCredentials(url, "ragcamp_test", "wrong"))).code).toBe("28P01");
  });

  it("refuses the superuser over TCP, though it has no password", async () => {
    expect((await connectError(withCredentials(url, "postgres", "anything"))).code).toBe("28P01");
  });

  it("asks for a password over TCP, so a client without one cannot connect", async () => {
    // A trusting server would let this in; pg gives up when the server demands a SCRAM password it lacks.
    expect((await connectError(withCredentials(url, "ragcamp_test", ""))).message).toMatch(/password/i);
  });
});

describe("freshDatabase", () => {
  let first: string;
  beforeAll(async () => {
    first = await freshDatabase(url, "Fresh DB/One");
    await query(first, "CREATE TABLE notes (id int PRIMARY KEY); INSERT INTO notes VALUES (1)");
  });

  it("gives an empty database owned by the test role, with a safe name", async () => {
    const second = await freshDatabase(url, "Fresh DB/Two");
    const [row] = await query<{ db: string; owner: string; tables: string }>(
      second,
      `SELECT current_database() AS db, pg_get_userbyid(d.datdba) AS owner,
              (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public') AS tables
         FROM pg_database d WHERE d.datname = current_database()`,
    );
    expect(row.db).toMatch(/^fresh_db_two_[0-9a-f]{8}$/);
    expect(row.owner).toBe("ragcamp_test");
    expect(Number(row.tables)).toBe(0);
    // The owner may create tables in it (public belongs to the database owner since PostgreSQL 15).
    await query(second, "CREATE TABLE notes (id int PRIMARY KEY)");
    expect(await query(second, "SELECT * FROM notes")).toEqual([]);
    expect(await query(first, "SELECT * FROM notes")).toEqual([{ id: 1 }]);
  });

  it("never hands out the same database twice, even for the same name at the same time", async () => {
    const urls = await Promise.all([freshDatabase(url, "same"), freshDatabase(url, "same")]);
    expect(new Set(urls).size).toBe(2);
    const names = await Promise.all(urls.map(async (u) => (await query<{ db: string }>(u, "SELECT current_database() AS db"))[0].db));
    expect(names).toEqual(urls.map((u) => new URL(u).pathname.slice(1)));
    expect(names[0]).not.toBe(names[1]);
  });
});

describe("startPostgres", () => {
  let cluster: Awaited<ReturnType<typeof startPostgres>>;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(() => cluster.stop());

  it("starts a second cluster on a port of its own, with its own password, and stopping it closes the port", async () => {
    const own = new URL(cluster.url);
    expect(own.port).not.toBe(new URL(url).port);
    expect(own.password).not.toBe(new URL(url).password);
    expect(await query(cluster.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await cluster.stop();
    expect((await connectError(cluster.url)).code).toBe("ECONNREFUSED");
  });
});

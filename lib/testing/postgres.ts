import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { findPostgresBin } from "../../scripts/system-deps";

/**
 * A throwaway PostgreSQL cluster for tests: Debian's real server in a temporary
 * directory, on a free port, with a private socket directory. Nothing here
 * touches a system cluster (Debian starts one on 5432 after installing the package).
 */
export interface TestPostgres {
  /** postgres://ragcamp_test:<pw>@127.0.0.1:<port>/ragcamp_test; the role may create databases. */
  url: string;
  /** Stops the server at once and deletes its files; later calls wait for the first. */
  stop(): Promise<void>;
}

const run = promisify(execFile);
const ROLE = "ragcamp_test";
const isRoot = process.getuid?.() === 0;

/** initdb and pg_ctl refuse to run as root, so as root (CI) they run as Debian's `postgres` user. */
async function pgTool(bin: string, tool: string, args: string[], cwd: string): Promise<void> {
  const [cmd, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
  try {
    await run(cmd, argv, { cwd });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${tool} ${args.join(" ")} failed: ${(err.stderr || err.stdout || err.message).trim()}`);
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      "The tests need a PostgreSQL server and found none in /usr/lib/postgresql/<version>/bin. " +
        "Install Debian's postgresql package (sudo apt-get install -y postgresql), or run npm test, which installs it when run as root.",
    );
  }
  const base = await fs.promises.mkdtemp(path.join(os.tmpdir(), "ragcamp-pg-"));
  const data = path.join(base, "data");
  const sockets = path.join(base, "sockets");
  const log = path.join(base, "server.log");
  await fs.promises.mkdir(sockets, { mode: 0o700 });
  const stopAndRemove = async (started: boolean) => {
    if (started) await pgTool(bin, "pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"], base);
    await fs.promises.rm(base, { recursive: true, force: true });
  };
  let started = false;
  try {
    if (isRoot) await run("chown", ["-R", "postgres:", base]);
    await pgTool(bin, "initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "--no-instructions", "-E", "UTF8", "--locale=C"], base);
    // Trust only on the private socket (owner-only directory); TCP always asks for a password.
    await fs.promises.writeFile(path.join(data, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n");
    // Durability is pointless for a cluster deleted at the end of the run, and costs time.
    const settings = { listen_addresses: "127.0.0.1", unix_socket_directories: sockets, fsync: "off", synchronous_commit: "off", full_page_writes: "off" };
    await fs.promises.appendFile(
      path.join(data, "postgresql.conf"),
      Object.entries(settings).map(([k, v]) => `${k} = '${v}'\n`).join(""),
    );
    const port = await startOnFreePort(bin, data, log, base);
    started = true;
    const password = randomBytes(18).toString("hex");
    await asSuperuser(sockets, port, async (client) => {
      await client.query(`CREATE ROLE ${ROLE} LOGIN CREATEDB PASSWORD '${password}'`);
      await client.query(`CREATE DATABASE ${ROLE} OWNER ${ROLE}`);
    });
    let stopping: Promise<void> | undefined;
    return { url: `postgres://${ROLE}:${password}@127.0.0.1:${port}/${ROLE}`, stop: () => (stopping ??= stopAndRemove(true)) };
  } catch (e) {
    await stopAndRemove(started).catch(() => {});
    throw e;
  }
}

/** The port is free when picked but could be taken before the server binds it; then pick another. */
async function startOnFreePort(bin: string, data: string, log: string, base: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      await pgTool(bin, "pg_ctl", ["start", "-D", data, "-l", log, "-w", "-t", "60", "-o", `-p ${port}`], base);
      return port;
    } catch (e) {
      const serverLog = await fs.promises.readFile(log, "utf8").catch(() => "");
      if (attempt < 3 && /could not bind/.test(serverLog)) continue;
      throw new Error(`${(e as Error).message}\nserver log (deleted with the cluster):\n${serverLog.slice(-2000)}`);
    }
  }
}

async function asSuperuser(sockets: string, port: number, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ host: sockets, port, user: "postgres", database: "postgres" });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database owned by the URL's role, and its URL. The name is
 * sanitised to [a-z0-9_] and given a random suffix, so test files running at
 * the same time (or the same test twice) never share a database.
 */
export async function freshDatabase(url: string, name: string): Promise<string> {
  const stem = name.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 48) || "db";
  const database = `${stem}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  const fresh = new URL(url);
  fresh.pathname = `/${database}`;
  return fresh.toString();
}

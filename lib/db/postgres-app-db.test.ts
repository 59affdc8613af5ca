import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { isLabError } from "@/lib/errors";
import { freshDatabase } from "@/lib/testing/postgres";
import { describeAppDb, describeAppDbLifecycle } from "./app-db-suite";
import { openAppDb } from "./open";

const cluster = inject("postgresUrl");
const password = decodeURIComponent(new URL(cluster).password);

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-appdb-pg-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const fresh = async () => ({ dataDir: tempDir(), url: await freshDatabase(cluster, "appdb") });

describeAppDb("PostgreSQL", async () => openAppDb(await fresh()));
describeAppDbLifecycle("PostgreSQL", fresh);

async function listen(server: net.Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return (server.address() as AddressInfo).port;
}

/** A TCP hop in front of the cluster that can be cut and mended, as a network or a restarting server would. */
async function proxyTo(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      sockets.add(a);
      a.pipe(b);
      a.on("error", () => b.destroy());
      a.on("close", () => (b.destroy(), sockets.delete(a)));
    }
  });
  const port = await listen(server);
  return {
    port,
    async cut() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const s of sockets) s.destroy();
      await closed;
    },
    mend: () => listen(server, port),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.unreachable("expected the call to fail"),
    (e: Error) => e,
  );
}

describe("PostgreSQL app database", () => {
  it("says where it is as host:port/database, never with the password", async () => {
    const options = await fresh();
    const db = await openAppDb(options);
    const url = new URL(options.url);
    expect(db.engine).toBe("postgres");
    expect(db.location).toBe(`127.0.0.1:${url.port}${url.pathname}`);
    expect(db.location).not.toContain(password);
    await db.close();
  });

  it("fails to start with LabError unavailable naming the database and the step, when nothing listens there", async () => {
    const probe = net.createServer();
    const port = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    const url = new URL(cluster);
    url.port = String(port);
    const error = await failure(openAppDb({ dataDir: tempDir(), url: url.toString() }));
    expect(isLabError(error)).toBe(true);
    expect(error).toMatchObject({ code: "unavailable", status: 503 });
    expect(error.message).toMatch(new RegExp(`^The app database 127\\.0\\.0\\.1:${port}/ragcamp_test is unavailable while migrating: .*ECONNREFUSED`));
    expect(error.message).not.toContain(password);
  });

  it("fails a call with LabError unavailable while the server is out of reach, and works again once it is back, nothing lost", async () => {
    const { dataDir, url } = await fresh();
    const target = new URL(url);
    const proxy = await proxyTo(target);
    const viaProxy = new URL(url);
    viaProxy.port = String(proxy.port);
    const db = await openAppDb({ dataDir, url: viaProxy.toString() });
    try {
      await db.notebooks.saveCode("ana", "intro", "c1", "kept");
      await proxy.cut();
      const reading = await failure(db.notebooks.get("ana", "intro"));
      expect(reading).toMatchObject({ code: "unavailable" });
      expect(reading.message).toMatch(new RegExp(`^The app database 127\\.0\\.0\\.1:${proxy.port}${target.pathname} is unavailable while reading notebooks: `));
      const writing = await failure(db.jobs.create({ id: "j1", learner: "ana", kind: "ingest", spec: {} }));
      expect(writing).toMatchObject({ code: "unavailable", message: expect.stringContaining("while writing jobs") });
      for (const e of [reading, writing]) expect(e.message).not.toContain(password);

      await proxy.mend();
      expect((await db.notebooks.get("ana", "intro")).cells.c1.code).toBe("kept");
      await db.jobs.create({ id: "j1", learner: "ana", kind: "ingest", spec: {} });
      expect(await db.jobs.get("ana", "j1")).toMatchObject({ status: "queued" });
    } finally {
      await db.close();
      await proxy.close();
    }
  });
});

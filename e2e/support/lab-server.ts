import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A production `next start` of the built app with its own temporary data
 * dir, so every test starts from a clean lab and can restart the server.
 */
export class LabServer {
  private proc: ChildProcess | null = null;
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-e2e-"));
  port = 0;

  constructor(private readonly extraEnv: Record<string, string> = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Waits until /api/health answers 200; with `healthy: false`, until it answers at all (a lab whose database is down). */
  async start({ healthy = true } = {}): Promise<void> {
    this.port ||= await freePort();
    const nextBin = path.join(process.cwd(), "node_modules/next/dist/bin/next");
    this.proc = spawn(process.execPath, [nextBin, "start", "-p", String(this.port), "-H", "127.0.0.1"], {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", RAGCAMP_DATA_DIR: this.dataDir, ...this.extraEnv },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    this.proc.stderr?.on("data", (d) => (stderr += d));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) throw new Error(`next start exited: ${stderr}`);
      try {
        const res = await fetch(`${this.url}/api/health`);
        if (res.ok || !healthy) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`lab server did not become healthy: ${stderr}`);
  }

  /** The server process, to check that no request took it down. */
  get pid(): number | undefined {
    return this.proc?.exitCode === null ? this.proc.pid : undefined;
  }

  /** The instructor's token, as the CLI on the server machine reads it. */
  adminToken(): string {
    return fs.readFileSync(path.join(this.dataDir, "admin.token"), "utf8").trim();
  }

  /** Runs the real admin CLI against this lab (`--json`) and returns its JSON document; throws on a non-zero exit. */
  cli<T>(...args: string[]): T {
    const out = execFileSync(process.execPath, ["bin/ragcamp.mjs", ...args, "--json"], {
      env: { ...process.env, RAGCAMP_DATA_DIR: this.dataDir, RAGCAMP_PUBLIC_URL: this.url, ...this.extraEnv },
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(out.toString()) as T;
  }

  /** Registers a cohort learner with the real CLI and presses their join link's Join button; returns the session cookie that sets. */
  addLearner(name: string): { id: string; cookie: string } {
    const { learner, joinUrl } = this.cli<{ learner: { id: string }; joinUrl: string }>("learner", "add", name);
    return { id: learner.id, cookie: this.join(joinUrl.split("/join/")[1]) };
  }

  /**
   * The Join button's POST for a join token, as `name=value` of the session
   * cookie it sets. Synchronous (a child process), as the fixtures that call
   * addLearner are.
   */
  join(token: string): string {
    const script = `fetch(process.argv[1], { method: "POST", headers: { "content-type": "application/json", origin: process.argv[2] }, body: JSON.stringify({ token: process.argv[3] }) })
      .then(async (r) => { if (!r.ok) { console.error(r.status, await r.text()); process.exit(1); } process.stdout.write(r.headers.getSetCookie()[0].split(";")[0]); })`;
    return execFileSync(process.execPath, ["-e", script, `${this.url}/api/auth/join-link`, this.url, token]).toString();
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    // Open keep-alive connections (a page still polling) can hold a graceful stop.
    const force = setTimeout(() => proc.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(force);
    this.proc = null;
  }

  /** Kills the server at once (SIGKILL), as a power cut or the OOM killer would. */
  async crash(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGKILL");
    await exited;
    this.proc = null;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    // The graph engine's child may still be closing its files for a moment after the server exits.
    fs.rmSync(this.dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

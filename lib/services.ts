/**
 * The composition root: the one place that turns configuration into the
 * adapters behind each port. The Next.js server and the CLI both use it, so
 * they share one set of engines per process (kept on globalThis so Next's
 * dev reloads do not open a second LanceDB or worker pool).
 */
import fs from "node:fs";
import path from "node:path";
import { env, type ServerEnv } from "@/lib/config/env";
import { LabError } from "@/lib/errors";
import { appDb, closeAppDb } from "@/lib/db";
import { createEmbedder, type Embedder } from "@/lib/embeddings";
import { JobManager } from "@/lib/jobs/manager";
import { inProcessRunner } from "@/lib/jobs/runner";
import type { GridHooks } from "@/lib/experiments/runner";
import type { GraphStore } from "@/lib/graph/port";
import type { IngestDeps } from "@/lib/ingest/pipeline";
import { judgeModelFromConfig } from "@/lib/judge/model";
import { gridPointRetrieval } from "@/lib/judge/experiment-answers";
import type { JudgingDeps } from "@/lib/judge/service";
import { requireChatConfig } from "@/lib/llm/chat-model";
import { openChunkStore } from "@/lib/vectorstore";
import { testPause } from "@/lib/vectorstore/test-pause";
import type { ChunkStore } from "@/lib/vectorstore/port";

interface Services {
  jobs: Promise<JobManager>;
  embedders: Map<EmbedderName, Embedder>;
  chunkStore: Promise<ChunkStore>;
  graph: Promise<GraphStore>;
  scratch: Map<string, Promise<GraphStore>>;
  qa: Promise<Awaited<ReturnType<typeof import("@/lib/qa/deps").qaRetrievalDeps>>>;
}

const holder = globalThis as unknown as { __ragcampServices?: Partial<Services> };

function memo<K extends keyof Services>(key: K, make: () => Services[K]): Services[K] {
  const s = (holder.__ragcampServices ??= {});
  s[key] ??= make();
  return s[key] as Services[K];
}

/** `memo` for what opens asynchronously: a failed open is not remembered, so the next call tries again (the engine may be back, the lock released). */
function memoOpen<K extends "jobs" | "chunkStore" | "graph">(key: K, open: () => Services[K]): Services[K] {
  return memo(key, () => {
    const opening = open();
    opening.catch(() => holder.__ragcampServices?.[key] === opening && (holder.__ragcampServices[key] = undefined));
    return opening;
  });
}

export type EmbedderName = "use-lite" | "openai";

function createNamedEmbedder(name: EmbedderName, e: ServerEnv): Embedder {
  return name === "openai"
    ? createEmbedder({ provider: "openai", model: e.RAGCAMP_EMBEDDING_MODEL, baseUrl: e.OPENAI_BASE_URL, apiKey: e.OPENAI_API_KEY })
    : createEmbedder({ provider: "use-lite" });
}

/** The embedders this server can use: USE-Lite always (it is embedded), OpenAI-compatible when configured. */
export function configuredEmbedders(e: ServerEnv = env()): EmbedderName[] {
  return e.OPENAI_API_KEY || e.OPENAI_BASE_URL ? ["use-lite", "openai"] : ["use-lite"];
}

/** An embedder by name, shared per process; the configured default when no name is given. */
export function embedderNamed(name: EmbedderName = env().RAGCAMP_EMBEDDINGS): Embedder {
  const all = memo("embedders", () => new Map<EmbedderName, Embedder>());
  if (!configuredEmbedders().includes(name)) throw new LabError("unavailable", `Embedder "${name}" is not configured here (available: ${configuredEmbedders().join(", ")})`);
  let embedder = all.get(name);
  if (!embedder) {
    embedder = createNamedEmbedder(name, env());
    all.set(name, embedder);
  }
  return embedder;
}

export const services = {
  jobs: () =>
    memoOpen("jobs", async () => {
      // Imported here, not above: the kinds' modules import this one to queue their jobs.
      const { jobKinds } = await import("@/lib/jobs/registry");
      const url = env().DATABASE_URL;
      // On PostgreSQL, instances share one queue; on SQLite (one process per data dir) jobs run in this process.
      const runner = url ? (await import("@/lib/jobs/graphile-runner")).graphileRunner(url) : inProcessRunner;
      return JobManager.open(await appDb(), { kinds: jobKinds, runner });
    }),
  embedder: () => embedderNamed(),
  /** Embedding vectors are kept in the app database, shared by every embedder and learner. */
  embeddingCache: async () => (await appDb()).embeddings,
  chunkStore: () =>
    memoOpen("chunkStore", async () => {
      const e = env();
      // Collections are visible once their manifest row in the app database is written (lib/vectorstore/manifest.ts).
      const withManifest = { manifest: (await appDb()).manifests, pause: testPause(e) };
      return e.WEAVIATE_URL
        ? openChunkStore({ engine: "weaviate", url: e.WEAVIATE_URL, apiKey: e.WEAVIATE_API_KEY, ...withManifest })
        : openChunkStore({ engine: "lancedb", dataDir: e.dataDir, ...withManifest });
    }),

  /** LadybugDB locks its files to one read-write process: this one's graph engine process, for as long as it runs. */
  graph: () => memoOpen("graph", () => openSharedGraph(env())),
};

async function openSharedGraph(e: ServerEnv): Promise<GraphStore> {
  if (e.NEO4J_URI) {
    const { openNeo4jGraph } = await import("@/lib/graph/neo4j");
    return openNeo4jGraph({ uri: e.NEO4J_URI, user: e.NEO4J_USER, password: e.NEO4J_PASSWORD ?? "" });
  }
  const { openLadybugGraph } = await import("@/lib/graph/ladybug");
  return openLadybugGraph({ dataDir: e.dataDir });
}

/** Where a learner's scratch graph lives: its own LadybugDB database, writable by that learner only. */
function scratchDir(learner: string): string {
  return path.join(env().dataDir, "scratch", learner.replace(/[^a-z0-9-]/gi, "_"));
}

/** A learner's personal graph for experiments with writes; opened on first use. */
const scratchStores = () => memo("scratch", () => new Map<string, Promise<GraphStore>>());

export function scratchGraph(learner: string): Promise<GraphStore> {
  const open = scratchStores();
  let store = open.get(learner);
  if (!store) {
    const opening = import("@/lib/graph/ladybug").then(({ openLadybugGraph }) =>
      openLadybugGraph({ dataDir: scratchDir(learner), target: "scratch" }),
    );
    // A failed open is retried on the next query, never remembered.
    opening.catch(() => open.get(learner) === opening && open.delete(learner));
    open.set(learner, opening);
    store = opening;
  }
  return store;
}

/** Deletes a learner's scratch graph; the next query starts an empty one. */
export async function resetScratchGraph(learner: string): Promise<void> {
  const open = scratchStores();
  const store = open.get(learner);
  open.delete(learner);
  await (await store?.catch(() => undefined))?.close();
  fs.rmSync(scratchDir(learner), { recursive: true, force: true });
}

/**
 * Graph, task index and embedder for the graph QA lessons (no chat model
 * needed). The task index is built once per process, not per question;
 * loading the graph again forgets it (`forgetTaskIndex`).
 */
export function qaDeps() {
  const s = (holder.__ragcampServices ??= {});
  if (!s.qa) {
    s.qa = (async () => {
      const { qaRetrievalDeps } = await import("@/lib/qa/deps");
      return qaRetrievalDeps(await services.graph(), await services.chunkStore(), services.embedder(), await services.embeddingCache());
    })();
    // A failed build (e.g. the graph is not loaded yet) is retried on the next question.
    s.qa.catch(() => forgetTaskIndex());
  }
  return s.qa;
}

export function forgetTaskIndex(): void {
  if (holder.__ragcampServices) holder.__ragcampServices.qa = undefined;
}

/** Everything an ingestion or a grid needs, writing into `owner`'s space. */
export async function ingestDeps(owner: string): Promise<IngestDeps> {
  return { store: await services.chunkStore(), embedder: services.embedder(), cache: await services.embeddingCache(), owner };
}

/*
 * Knowledge vector graphs are built in the learner's own scratch graph, so
 * Cypher on the shared graph sees course data only and no learner can list
 * another's collections. A shared collection a learner uses gets its graph
 * there too; a missing graph (new learner, scratch reset) is built on first use.
 */

/** The engines a grid may need besides ingestDeps: embedders by name, and the learner's graph for the "kvg" mode. */
export function gridEngines(learner: string): Pick<GridHooks, "embedderNamed" | "graph"> {
  return { embedderNamed, graph: () => scratchGraph(learner) };
}

/** What a KVG comparison needs: ingestDeps plus the learner's own graph. */
export async function kvgDeps(learner: string) {
  return { ...(await ingestDeps(learner)), graph: await scratchGraph(learner) };
}

/** What judging needs: the configured chat model (or a LabError saying how to configure one) and retrieval for answering. */
export async function judgingDeps(learner: string): Promise<JudgingDeps> {
  const model = judgeModelFromConfig(requireChatConfig());
  return {
    db: await appDb(),
    learner,
    model,
    retrieve: gridPointRetrieval(
      () => configuredEmbedders().map((name) => embedderNamed(name)),
      () => ingestDeps(learner),
    ),
  };
}

/** Releases engines so a CLI process can exit. */
export async function closeServices(): Promise<void> {
  const s = holder.__ragcampServices;
  holder.__ragcampServices = undefined;
  if (s) {
    await (await s.jobs?.catch(() => undefined))?.close();
    for (const e of s.embedders?.values() ?? []) await e.close();
    await (await s.chunkStore?.catch(() => undefined))?.close();
    await (await s.graph?.catch(() => undefined))?.close();
    for (const g of s.scratch?.values() ?? []) await (await g.catch(() => undefined))?.close();
    // The engine processes end with their IPC channel, so the CLI can exit.
    const { closeGraphEngines } = await import("@/lib/graph/engine/supervisor");
    await closeGraphEngines();
  }
  // Last: the stores above write their manifests to it.
  await closeAppDb();
}

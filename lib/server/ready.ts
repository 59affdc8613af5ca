import "server-only";
import type { z } from "zod";
import { env, type ServerEnv } from "@/lib/config/env";
import { appDbCheck, graphSchemaVia, modelServerCheck, vectorCollections } from "@/lib/cli/doctor";
import type { readiness as readinessSchema } from "./contract";

/** A probe slower than this counts as down: a readiness check must answer before the prober gives up. */
export const PROBE_MS = 2_000;

type Readiness = z.output<typeof readinessSchema>;
type Status = "ok" | "down";

async function bounded(probe: () => Promise<boolean>): Promise<Status> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PROBE_MS)));
  try {
    return (await Promise.race([probe(), timeout])) ? "ok" : "down";
  } catch {
    return "down";
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Doctor's probes, each bounded, in this process (it owns the embedded stores), reduced to ok/down:
 * the app database answers a read, the vector and graph stores open, a configured model server
 * answers GET /models. Embeddings are probed only when they come from a model server.
 */
export async function readiness(e: ServerEnv = env()): Promise<Readiness> {
  const probes: Record<string, () => Promise<boolean>> = {
    appDb: async () => (await appDbCheck()).ok,
    vectors: async () => (await vectorCollections(), true),
    graph: async () => (await graphSchemaVia(null), true),
    ...(e.RAGCAMP_CHAT_MODEL ? { chatModel: async () => (await modelServerCheck(e, PROBE_MS)).ok } : {}),
    ...(e.RAGCAMP_EMBEDDINGS === "openai" ? { embeddings: async () => (await modelServerCheck(e, PROBE_MS)).ok } : {}),
  };
  const statuses = await Promise.all(Object.entries(probes).map(async ([name, probe]) => [name, await bounded(probe)] as const));
  return { ok: statuses.every(([, s]) => s === "ok"), services: Object.fromEntries(statuses) as Readiness["services"] };
}

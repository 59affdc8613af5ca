import "server-only";
import { appDb } from "@/lib/db";
import { readableCollections } from "@/lib/ingest/collections";
import { scratchGraph, services } from "@/lib/services";
import type { CheckContext, RunSummary } from "./types";

const QUERY = { rowLimit: 1_000, timeoutMs: 10_000 };

/** The learner's real state, read through the same services their cells use. */
export function checkContext(learner: string): CheckContext {
  return {
    async collections() {
      return (await readableCollections(await services.chunkStore(), learner)).filter((c) => !c.shared);
    },
    async experiments() {
      return (await (await appDb()).experiments.list(learner)).map(({ id, record }) => {
        const r = record as Omit<RunSummary, "id">;
        return { id, spec: r.spec, points: (r.points ?? []).map((p) => ({ chunker: p.chunker, mode: p.mode, k: p.k })) };
      });
    },
    async sharedQuery(cypher) {
      return (await (await services.graph()).query(cypher, {}, { ...QUERY, readOnly: true, learner, learnerWritten: true })).rows;
    },
    async scratchQuery(cypher) {
      return (await (await scratchGraph(learner)).query(cypher, {}, { ...QUERY, readOnly: true, learner })).rows;
    },
  };
}

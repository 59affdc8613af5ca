import { LabError } from "@/lib/errors";
import type { CheckContext, FakeState } from "./types";

/** Whitespace-insensitive, so a proof can name a query as the lesson writes it. */
const normal = (cypher: string) => cypher.replace(/\s+/g, " ").trim();

/**
 * A fake CheckContext for unit tests: it serves the state a proof case
 * declares, and answers any other query the way the graph refuses a bad one.
 */
export function fakeContext(state: FakeState = {}): CheckContext {
  const rowsFor = (graph: Record<string, Record<string, unknown>[]> | undefined, cypher: string) => {
    const hit = Object.entries(graph ?? {}).find(([q]) => normal(q) === normal(cypher));
    if (!hit) throw new LabError("bad_input", "fake graph: no rows for this query");
    return Promise.resolve(hit[1]);
  };
  return {
    collections: () => Promise.resolve(state.collections ?? []),
    experiments: () => Promise.resolve(state.experiments ?? []),
    sharedQuery: (cypher) => rowsFor(state.shared, cypher),
    scratchQuery: (cypher) => rowsFor(state.scratch, cypher),
  };
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { GraphStore } from "@/lib/graph/port";
import type { CheckContext, FakeState } from "./types";

const QUERY = { rowLimit: 1_000, timeoutMs: 10_000 };

/**
 * The context a proof case is checked in: the learner's collections and runs
 * come from a fake (the case declares them), while Cypher runs on real
 * LadybugDB graphs: the course graph, and a fresh scratch graph built from
 * the case's statements.
 */
export function proofContext(state: FakeState = {}, graphs?: { shared: GraphStore; openScratch: (dir: string) => Promise<GraphStore> }): CheckContext & { close(): Promise<void> } {
  let scratch: Promise<GraphStore> | undefined;
  let dir: string | undefined;
  const need = () => {
    if (!graphs) throw new Error("this proof needs the graphs: pass them to proofContext");
    return graphs;
  };
  const scratchGraph = () =>
    (scratch ??= need()
      .openScratch((dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-proof-"))))
      .then(async (g) => {
        for (const statement of state.scratch ?? []) await g.query(statement, {}, { ...QUERY, readOnly: false });
        return g;
      }));
  return {
    collections: () => Promise.resolve(state.collections ?? []),
    experiments: () => Promise.resolve(state.experiments ?? []),
    sharedQuery: async (cypher) => (await need().shared.query(cypher, {}, { ...QUERY, readOnly: true, learnerWritten: true })).rows,
    scratchQuery: async (cypher) => (await (await scratchGraph()).query(cypher, {}, { ...QUERY, readOnly: true })).rows,
    async close() {
      await (await scratch)?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

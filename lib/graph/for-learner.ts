import type { GraphStore } from "./port";

/**
 * The store as seen by code that runs queries for one learner (lib/qa, agent
 * tools): every query carries the learner, so it takes that learner's turn.
 * It does not own the store: close() leaves it open for everyone else.
 */
export function forLearner(store: GraphStore, learner: string, learnerWritten: boolean): GraphStore {
  return {
    engine: store.engine,
    query: (cypher, params, opts) => store.query(cypher, params, { ...opts, learner, learnerWritten }),
    schema: () => store.schema(),
    close: async () => {},
  };
}

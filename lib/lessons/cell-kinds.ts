/**
 * The cell-kind registry: the one place that says which fenced blocks in a
 * lesson are runnable cells, how the editor highlights them and where they
 * run. Later kinds (Cypher, …) are added here.
 */
export const CELL_KINDS = {
  ts: { label: "TypeScript", editorLanguage: "typescript", runtime: "worker" },
  js: { label: "JavaScript", editorLanguage: "javascript", runtime: "worker" },
  // Cypher is not learner code: it goes to the server's read-only graph endpoint.
  cypher: { label: "Cypher", editorLanguage: "cypher", runtime: "graph" },
} as const;

export type CellKind = keyof typeof CELL_KINDS;

export function isCellKind(kind: string): kind is CellKind {
  return Object.hasOwn(CELL_KINDS, kind);
}

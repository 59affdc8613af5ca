/**
 * Learner cells of their own: cells a learner adds to a lesson's notebook.
 * Client-safe, no zod: the routes' schemas are in lib/lessons/contract.ts.
 */

/** The underscore is outside a lesson cell id's alphabet (CELL_ID), so an own cell's id can never clash with one. */
export const OWN_CELL_PREFIX = "own_";
export const OWN_CELL_ID = new RegExp(`^${OWN_CELL_PREFIX}[a-z0-9]{12}$`);

export function isOwnCellId(id: string): boolean {
  return OWN_CELL_ID.test(id);
}

/** Per learner and lesson: room to experiment, not a second notebook. */
export const MAX_OWN_CELLS = 50;
/** One cell's code, a lesson cell's edit or an own cell alike. */
export const MAX_CELL_CODE_BYTES = 256 * 1024;

export const OWN_CELL_KINDS = ["ts", "cypher"] as const;
export type OwnCellKind = (typeof OWN_CELL_KINDS)[number];

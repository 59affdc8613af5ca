import type { CellOutput } from "@/lib/kernel/outputs";
import type { NotebookState } from "@/lib/db/app-db";
import type { OwnCellPlace } from "@/lib/lessons/contract";
import type { LessonCell } from "@/lib/lessons/schema";

/** needs-model: the cell wants a chat model and none is configured; it counts as run, not as an error. */
export type CellStatus = "idle" | "queued" | "running" | "done" | "error" | "needs-model";

/** Saved data (code) and runtime state (status, outputs, time) of one cell. */
export interface CellState extends LessonCell {
  original: string;
  status: CellStatus;
  outputs: CellOutput[];
  elapsedMs?: number;
  /** When the current run began (Date.now()), for the running timer. */
  startedAt?: number;
  /** Bumped when the code is replaced from outside the editor (Reset), so the editor takes it. */
  revision: number;
  /** A cell of the learner's own: no original to reset to, and it can be moved and deleted. */
  own?: boolean;
}

/** A cell as the page first shows it: its saved code and last run. */
export function savedCell(cell: LessonCell, saved: NotebookState, own?: boolean): CellState {
  const run = saved.runs[cell.id];
  return {
    ...cell,
    original: cell.code,
    code: saved.cells[cell.id]?.code ?? cell.code,
    status: run?.status ?? "idle",
    outputs: run?.outputs ?? [],
    elapsedMs: run?.elapsedMs,
    revision: 0,
    ...(own ? { own } : {}),
  };
}

/**
 * The notebook's cells in order: each lesson cell, then the learner's own
 * cells placed below it. Own cells below a cell the lesson no longer has go
 * at the end.
 */
export function initialCells(cells: LessonCell[], saved: NotebookState): CellState[] {
  const lessonIds = new Set(cells.map((c) => c.id));
  const below = (after: string | null) =>
    saved.own
      .filter((o) => (after === null ? !lessonIds.has(o.after) : o.after === after))
      .sort((a, b) => a.position - b.position)
      .map((o) => savedCell({ id: o.id, kind: o.kind, code: o.code }, saved, true));
  return [...cells.flatMap((c) => [savedCell(c, saved), ...below(c.id)]), ...below(null)];
}

/** Where the own cell at `index` sits, as the server stores it: below the nearest lesson cell above it. */
export function placeAt(cells: readonly CellState[], index: number): OwnCellPlace {
  let above = index - 1;
  while (above > 0 && cells[above].own) above--;
  return { after: cells[above].id, position: index - above - 1 };
}

/**
 * The cells with own cell `id` swapped with its neighbour above (-1) or
 * below (1); undefined when it cannot go that way (own cells stay below the
 * first lesson cell).
 */
export function moveCell(cells: readonly CellState[], id: string, dir: -1 | 1): CellState[] | undefined {
  const i = cells.findIndex((c) => c.id === id);
  const j = i + dir;
  if (i < 0 || !cells[i].own || j < 1 || j >= cells.length) return undefined;
  const next = [...cells];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}

export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

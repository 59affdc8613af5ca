import type { CellOutput } from "@/lib/kernel/outputs";
import type { NotebookState } from "@/lib/db/app-db";
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
}

export function initialCells(cells: LessonCell[], saved: NotebookState): CellState[] {
  return cells.map((c) => {
    const run = saved.runs[c.id];
    return {
      ...c,
      original: c.code,
      code: saved.cells[c.id]?.code ?? c.code,
      status: run?.status ?? "idle",
      outputs: run?.outputs ?? [],
      elapsedMs: run?.elapsedMs,
      revision: 0,
    };
  });
}

export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

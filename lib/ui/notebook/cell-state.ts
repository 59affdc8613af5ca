import type { CellOutput } from "@/lib/kernel/outputs";
import type { NotebookState } from "@/lib/db/app-db";
import type { LessonCell } from "@/lib/lessons/schema";

export type CellStatus = "idle" | "queued" | "running" | "done" | "error";

/** Saved data (code) and runtime state (status, outputs, time) of one cell. */
export interface CellState extends LessonCell {
  original: string;
  status: CellStatus;
  outputs: CellOutput[];
  elapsedMs?: number;
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
    };
  });
}

export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

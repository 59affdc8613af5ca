import type { CellRun } from "@/lib/kernel/outputs";

/** A learner's edit of one cell; absent means the lesson's original code. */
export interface SavedCell {
  code: string;
  updatedAt: string;
}

/** The last run of a cell, kept apart from the code so edits never touch it. */
export interface SavedRun extends CellRun {
  ranAt: string;
}

export interface NotebookState {
  cells: Record<string, SavedCell>;
  runs: Record<string, SavedRun>;
}

/**
 * The app database port. Every method takes the learner id first, and every
 * query is scoped by it: that is what keeps one learner's work from another.
 */
export interface AppDb {
  readonly engine: string;
  getNotebook(learnerId: string, lesson: string): NotebookState;
  saveCell(learnerId: string, lesson: string, cellId: string, code: string): SavedCell;
  saveRun(learnerId: string, lesson: string, cellId: string, run: CellRun): SavedRun;
  resetCell(learnerId: string, lesson: string, cellId: string): void;
  /** Cells with a successful last run, per lesson. */
  progress(learnerId: string): Record<string, number>;
  close(): void;
}

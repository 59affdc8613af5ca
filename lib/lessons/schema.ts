import { z } from "zod";
import type { CellKind } from "./cell-kinds";

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const CELL_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const frontmatterSchema = z
  .object({
    title: z.string().min(3),
    slug: z.string().regex(SLUG, "lowercase words joined by hyphens"),
    order: z.number().int().positive(),
    objectives: z.array(z.string().min(3)).min(1),
    estimatedMinutes: z.number().int().positive().max(600),
    credits: z.array(z.string()).default([]),
  })
  .strict();
export type LessonFrontmatter = z.infer<typeof frontmatterSchema>;

export interface LessonCell {
  id: string;
  kind: CellKind;
  code: string;
  /** The cell is meant to fail with this error (its name, and a pattern its message matches): then it counts as run. */
  expect?: { error: string; match?: string };
  /** This cell's own time limit in seconds, instead of the notebook's. */
  timeoutS?: number;
}

/** An exercise as the lesson declares it: what a learner may see (its check, hints and solution stay on the server). */
export interface LessonExercise {
  id: string;
  /** value: the cell's last value is checked; state: the learner's server-side state is; predict: an answer before running. */
  kind: "value" | "state" | "predict";
  /** The cell it is about. */
  cell: string;
  prompt: string;
  /** A multiple-choice prediction's choices; a prediction without them is a number. */
  choices?: string[];
}

export type LessonBlock = { type: "markdown"; text: string } | ({ type: "cell" } & LessonCell) | ({ type: "exercise" } & LessonExercise);

export interface Lesson extends LessonFrontmatter {
  file: string;
  blocks: LessonBlock[];
  cells: LessonCell[];
  exercises: LessonExercise[];
}

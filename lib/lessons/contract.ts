/** The lessons and notebook routes: the course's lessons, and a learner's edits, runs and cells of their own in each. */
import { z } from "zod";
import { endpoint, labType, noInput } from "@/lib/api/endpoint";
import { cellRun } from "@/lib/kernel/outputs";
import { MAX_CELL_CODE_BYTES, MAX_OWN_CELLS, OWN_CELL_KINDS } from "@/lib/lessons/own-cells";

export const lessonInfoSchema = labType(
  "LessonInfo",
  z
    .object({
      slug: z.string(),
      title: z.string(),
      order: z.number().int(),
      estimatedMinutes: z.number().int(),
      objectives: z.array(z.string()).describe("What the lesson teaches, as its front matter lists it."),
      cellCount: z.number().int(),
      exerciseCount: z.number().int(),
    })
    .describe("A lesson as the course list shows it (no bodies)."),
);
/** What navigation needs: no bodies. */
export type LessonInfo = z.output<typeof lessonInfoSchema>;

export const listLessons = endpoint({ method: "GET", path: "/api/lessons", request: noInput, response: z.object({ lessons: z.array(lessonInfoSchema) }) });

/** A learner's edit of one cell; absent means the lesson's original code. */
export const savedCellSchema = z.object({ code: z.string(), updatedAt: z.string() });
/** The last run of a cell, kept apart from the code so edits never touch it. */
export const savedRunSchema = cellRun.extend({ ranAt: z.string() });

/** Where an own cell sits: below lesson cell `after`, `position`-th (from 0) among the own cells there. */
const ownCellPlaceSchema = z.object({ after: z.string(), position: z.number().int() });
export const ownCellSchema = ownCellPlaceSchema.extend({ id: z.string(), kind: z.enum(OWN_CELL_KINDS), code: z.string(), updatedAt: z.string() });

export type SavedCell = z.output<typeof savedCellSchema>;
export type SavedRun = z.output<typeof savedRunSchema>;
export type OwnCellPlace = z.output<typeof ownCellPlaceSchema>;
export type OwnCell = z.output<typeof ownCellSchema>;

export const notebookStateSchema = z.object({
  cells: z.record(z.string(), savedCellSchema),
  /** Lesson cells' runs and the learner's own cells' runs alike. */
  runs: z.record(z.string(), savedRunSchema),
  /** The learner's own cells, by place (after, position). */
  own: z.array(ownCellSchema),
});
export type NotebookState = z.output<typeof notebookStateSchema>;

/** Lesson cell ids are short words; an own cell's id is 16 characters. */
const CELL_REF = z.string().min(1).max(100);
/** A cell's code, a lesson cell's edit or an own cell's. */
const cellCode = z.strictObject({ code: z.string().max(MAX_CELL_CODE_BYTES) });
/** Code is counted in characters, the body cap in bytes: room for multi-byte text. */
const CODE_BODY_BYTES = MAX_CELL_CODE_BYTES * 2;

export const getNotebook = endpoint({ method: "GET", path: "/api/notebooks/[lesson]", request: noInput, response: notebookStateSchema });

export const saveCellCode = endpoint({ method: "PUT", path: "/api/notebooks/[lesson]/cells/[cell]", request: cellCode, response: savedCellSchema, maxBytes: CODE_BODY_BYTES });

/** Back to the lesson's original code, which it answers with. */
export const resetCellCode = endpoint({ method: "DELETE", path: "/api/notebooks/[lesson]/cells/[cell]", request: noInput, response: z.object({ code: z.string() }) });

/** Adds a cell of the learner's own below `after`, a cell of the lesson or another of their own. */
export const createOwnCell = endpoint({
  method: "POST",
  path: "/api/notebooks/[lesson]/own",
  request: z.strictObject({ after: CELL_REF, kind: z.enum(OWN_CELL_KINDS).default("ts"), code: z.string().max(MAX_CELL_CODE_BYTES).default("") }),
  response: ownCellSchema,
  maxBytes: CODE_BODY_BYTES,
});

export const saveOwnCellCode = endpoint({ method: "PUT", path: "/api/notebooks/[lesson]/own/[cell]", request: cellCode, response: ownCellSchema, maxBytes: CODE_BODY_BYTES });

/** A move names the lesson cell the cell goes below and its position among the own cells there. */
export const moveOwnCell = endpoint({
  method: "PATCH",
  path: "/api/notebooks/[lesson]/own/[cell]",
  request: z.strictObject({ after: CELL_REF, position: z.number().int().min(0).max(MAX_OWN_CELLS) }),
  response: ownCellSchema,
  maxBytes: 1024,
});

/** Deletes an own cell and its saved run. */
export const deleteOwnCell = endpoint({ method: "DELETE", path: "/api/notebooks/[lesson]/own/[cell]", request: noInput, response: z.object({ deleted: z.string() }) });

/** Saves a cell's last run (a lesson cell's or an own cell's); the server caps the body by its configured output size. */
export const saveCellRun = endpoint({ method: "PUT", path: "/api/notebooks/[lesson]/runs/[cell]", request: cellRun, response: savedRunSchema });

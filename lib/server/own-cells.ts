import "server-only";
import { randomInt } from "node:crypto";
import { z } from "zod";
import type { AppDb } from "@/lib/db/app-db";
import { LabError } from "@/lib/errors";
import { cellOrThrow } from "@/lib/lessons/catalog";
import { isOwnCellId, MAX_CELL_CODE_BYTES, MAX_OWN_CELLS, OWN_CELL_KINDS, OWN_CELL_PREFIX, type OwnCell, type OwnCellPlace } from "@/lib/lessons/own-cells";
import type { Lesson } from "@/lib/lessons/schema";

/** Lesson cell ids are short words; an own cell's id is 16 characters. */
const CELL_REF = z.string().min(1).max(100);

/** `after`: the cell (a lesson cell or one's own) the new cell goes below. */
export const newOwnCellBody = z
  .object({ after: CELL_REF, kind: z.enum(OWN_CELL_KINDS).default("ts"), code: z.string().max(MAX_CELL_CODE_BYTES).default("") })
  .strict();
/** A cell's code, a lesson cell's edit or an own cell's. */
export const cellCodeBody = z.object({ code: z.string().max(MAX_CELL_CODE_BYTES) }).strict();
/** A move names the lesson cell the cell goes below and its position among the own cells there. */
export const ownPlaceBody = z.object({ after: CELL_REF, position: z.number().int().min(0).max(MAX_OWN_CELLS) }).strict();

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function newOwnCellId(): string {
  return OWN_CELL_PREFIX + Array.from({ length: 12 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join("");
}

function notFound(lesson: Lesson, id: string): LabError {
  return new LabError("not_found", `You have no cell "${id}" in lesson "${lesson.slug}"`);
}

export function ownCellOrThrow(db: AppDb, learner: string, lesson: Lesson, id: string): OwnCell {
  const cell = isOwnCellId(id) ? db.getOwnCell(learner, lesson.slug, id) : undefined;
  if (!cell) throw notFound(lesson, id);
  return cell;
}

/** A cell a run can be saved for: one of the lesson's, or one of the learner's own in it. */
export function runnableCellOrThrow(db: AppDb, learner: string, lesson: Lesson, id: string): string {
  return isOwnCellId(id) ? ownCellOrThrow(db, learner, lesson, id).id : cellOrThrow(lesson, id).id;
}

export function addOwnCell(db: AppDb, learner: string, lesson: Lesson, input: z.infer<typeof newOwnCellBody>): OwnCell {
  const own = db.listOwnCells(learner, lesson.slug);
  if (own.length >= MAX_OWN_CELLS) throw new LabError("conflict", `A lesson holds at most ${MAX_OWN_CELLS} cells of your own: delete one to add another.`);
  let place: OwnCellPlace;
  if (isOwnCellId(input.after)) {
    const above = own.find((c) => c.id === input.after);
    if (!above) throw notFound(lesson, input.after);
    place = { after: above.after, position: above.position + 1 };
  } else {
    place = { after: cellOrThrow(lesson, input.after).id, position: 0 };
  }
  return db.addOwnCell(learner, lesson.slug, { id: newOwnCellId(), kind: input.kind, code: input.code, ...place });
}

export function placeOwnCell(db: AppDb, learner: string, lesson: Lesson, id: string, place: z.infer<typeof ownPlaceBody>): OwnCell {
  const moved = db.placeOwnCell(learner, lesson.slug, id, { after: cellOrThrow(lesson, place.after).id, position: place.position });
  if (!moved) throw notFound(lesson, id);
  return moved;
}

import "server-only";
import { randomInt } from "node:crypto";
import type { z } from "zod";
import type { AppDb } from "@/lib/db/app-db";
import { LabError } from "@/lib/errors";
import { cellOrThrow } from "@/lib/lessons/catalog";
import type { createOwnCell, moveOwnCell, OwnCell, OwnCellPlace } from "@/lib/lessons/contract";
import { isOwnCellId, MAX_OWN_CELLS, OWN_CELL_PREFIX } from "@/lib/lessons/own-cells";
import type { Lesson } from "@/lib/lessons/schema";

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

export function addOwnCell(db: AppDb, learner: string, lesson: Lesson, input: z.output<typeof createOwnCell.request>): OwnCell {
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

/** Saves an own cell's code (the page's autosave). */
export function saveOwnCode(db: AppDb, learner: string, lesson: Lesson, id: string, code: string): OwnCell {
  const saved = isOwnCellId(id) ? db.saveOwnCode(learner, lesson.slug, id, code) : undefined;
  if (!saved) throw notFound(lesson, id);
  return saved;
}

export function placeOwnCell(db: AppDb, learner: string, lesson: Lesson, id: string, place: z.output<typeof moveOwnCell.request>): OwnCell {
  const moved = db.placeOwnCell(learner, lesson.slug, id, { after: cellOrThrow(lesson, place.after).id, position: place.position });
  if (!moved) throw notFound(lesson, id);
  return moved;
}

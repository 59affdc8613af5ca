import "server-only";
import { randomInt } from "node:crypto";
import type { z } from "zod";
import { processQueue } from "@/lib/async/keyed-queue";
import type { AppDb } from "@/lib/db/app-db";
import { LabError } from "@/lib/errors";
import type { CellRun } from "@/lib/kernel/outputs";
import { cellOrThrow } from "@/lib/lessons/catalog";
import type { createOwnCell, moveOwnCell, OwnCell, OwnCellPlace, SavedCell, SavedRun } from "@/lib/lessons/contract";
import { isOwnCellId, MAX_OWN_CELLS, OWN_CELL_PREFIX } from "@/lib/lessons/own-cells";
import type { Lesson } from "@/lib/lessons/schema";

/**
 * A learner's writes to one lesson's notebook run one at a time, in the
 * order they arrive: an edit that reads first (the own-cell cap, the cell an
 * add goes below, the cell a run is saved for) is not raced by a delete, and
 * an older autosave never lands after a newer one.
 */
function inTurn<T>(learner: string, lesson: Lesson, write: () => Promise<T>): Promise<T> {
  return processQueue("notebook-writes").run(`${learner}\n${lesson.slug}`, write);
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function newOwnCellId(): string {
  return OWN_CELL_PREFIX + Array.from({ length: 12 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join("");
}

function notFound(lesson: Lesson, id: string): LabError {
  return new LabError("not_found", `You have no cell "${id}" in lesson "${lesson.slug}"`);
}

async function ownCellOrThrow(db: AppDb, learner: string, lesson: Lesson, id: string): Promise<OwnCell> {
  const cell = isOwnCellId(id) ? await db.notebooks.getOwn(learner, lesson.slug, id) : undefined;
  if (!cell) throw notFound(lesson, id);
  return cell;
}

export async function saveLessonCode(db: AppDb, learner: string, lesson: Lesson, id: string, code: string): Promise<SavedCell> {
  const cell = cellOrThrow(lesson, id);
  return inTurn(learner, lesson, () => db.notebooks.saveCode(learner, lesson.slug, cell.id, code));
}

/** Back to the lesson's original code: drops the edit and its last run. */
export async function resetLessonCell(db: AppDb, learner: string, lesson: Lesson, id: string): Promise<{ code: string }> {
  const cell = cellOrThrow(lesson, id);
  await inTurn(learner, lesson, () => db.notebooks.resetCell(learner, lesson.slug, cell.id));
  return { code: cell.code };
}

/** Saves a run of one of the lesson's cells, or of one of the learner's own in it. */
export async function saveRun(db: AppDb, learner: string, lesson: Lesson, id: string, run: CellRun): Promise<SavedRun> {
  const lessonCell = isOwnCellId(id) ? undefined : cellOrThrow(lesson, id).id;
  return inTurn(learner, lesson, async () => {
    const cell = lessonCell ?? (await ownCellOrThrow(db, learner, lesson, id)).id;
    return db.notebooks.saveRun(learner, lesson.slug, cell, run);
  });
}

export function addOwnCell(db: AppDb, learner: string, lesson: Lesson, input: z.output<typeof createOwnCell.request>): Promise<OwnCell> {
  return inTurn(learner, lesson, async () => {
    const own = await db.notebooks.listOwn(learner, lesson.slug);
    if (own.length >= MAX_OWN_CELLS) throw new LabError("conflict", `A lesson holds at most ${MAX_OWN_CELLS} cells of your own: delete one to add another.`);
    let place: OwnCellPlace;
    if (isOwnCellId(input.after)) {
      const above = own.find((c) => c.id === input.after);
      if (!above) throw notFound(lesson, input.after);
      place = { after: above.after, position: above.position + 1 };
    } else {
      place = { after: cellOrThrow(lesson, input.after).id, position: 0 };
    }
    return db.notebooks.addOwn(learner, lesson.slug, { id: newOwnCellId(), kind: input.kind, code: input.code, ...place });
  });
}

/** Saves an own cell's code (the page's autosave). */
export async function saveOwnCode(db: AppDb, learner: string, lesson: Lesson, id: string, code: string): Promise<OwnCell> {
  const saved = isOwnCellId(id) ? await inTurn(learner, lesson, () => db.notebooks.saveOwnCode(learner, lesson.slug, id, code)) : undefined;
  if (!saved) throw notFound(lesson, id);
  return saved;
}

export async function placeOwnCell(db: AppDb, learner: string, lesson: Lesson, id: string, place: z.output<typeof moveOwnCell.request>): Promise<OwnCell> {
  const to = { after: cellOrThrow(lesson, place.after).id, position: place.position };
  const moved = await inTurn(learner, lesson, () => db.notebooks.placeOwn(learner, lesson.slug, id, to));
  if (!moved) throw notFound(lesson, id);
  return moved;
}

/** Deletes an own cell and its saved run. */
export async function deleteOwnCell(db: AppDb, learner: string, lesson: Lesson, id: string): Promise<{ deleted: string }> {
  const deleted = isOwnCellId(id) && (await inTurn(learner, lesson, () => db.notebooks.deleteOwn(learner, lesson.slug, id)));
  if (!deleted) throw notFound(lesson, id);
  return { deleted: id };
}

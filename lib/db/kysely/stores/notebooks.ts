import { ownCellSchema, savedRunSchema, type OwnCell, type OwnCellPlace } from "@/lib/lessons/contract";
import { OWN_CELL_PREFIX } from "@/lib/lessons/own-cells";
import type { Tables } from "../schema";
import { type Db, type Stores, now, asNumber, atomic, startsWith, json, parseJson } from "./shared";

function ownFromRow(r: Tables["own_cell"]): OwnCell {
  return ownCellSchema.parse({ id: r.id, kind: r.kind, code: r.code, after: r.after, position: Number(r.pos), updatedAt: r.updated_at });
}

export function notebookStore(db: Db): Stores["notebooks"] {
  const ownCell = (q: Db, learnerId: string, lesson: string, id: string) =>
    q.selectFrom("own_cell").selectAll().where("learner", "=", learnerId).where("lesson", "=", lesson).where("id", "=", id).executeTakeFirst();
  const getOwn = async (q: Db, learnerId: string, lesson: string, id: string) => {
    const row = await ownCell(q, learnerId, lesson, id);
    return row && ownFromRow(row);
  };
  const listOwn = async (q: Db, learnerId: string, lesson: string) => {
    const rows = await q.selectFrom("own_cell").selectAll().where("learner", "=", learnerId).where("lesson", "=", lesson).execute();
    // Sorted here: the engines' text collations differ, and cell ids must order alike on both.
    return rows.map(ownFromRow).sort((a, b) => (a.after < b.after ? -1 : a.after > b.after ? 1 : a.position - b.position));
  };
  /** Opens a gap at `place` (clamped to the end) among the own cells there, other than `id`; returns the position. */
  const openGap = async (q: Db, learnerId: string, lesson: string, id: string, place: OwnCellPlace) => {
    const { n } = await q
      .selectFrom("own_cell")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("learner", "=", learnerId)
      .where("lesson", "=", lesson)
      .where("after", "=", place.after)
      .where("id", "<>", id)
      .executeTakeFirstOrThrow();
    const position = Math.min(place.position, asNumber(n));
    await q
      .updateTable("own_cell")
      .set((eb) => ({ pos: eb("pos", "+", 1) }))
      .where("learner", "=", learnerId)
      .where("lesson", "=", lesson)
      .where("after", "=", place.after)
      .where("id", "<>", id)
      .where("pos", ">=", position)
      .execute();
    return position;
  };
  /** Closes the gap a cell leaves at its old place. */
  const closeGap = (q: Db, learnerId: string, lesson: string, cell: OwnCell) =>
    q
      .updateTable("own_cell")
      .set((eb) => ({ pos: eb("pos", "-", 1) }))
      .where("learner", "=", learnerId)
      .where("lesson", "=", lesson)
      .where("after", "=", cell.after)
      .where("pos", ">", cell.position)
      .execute();

  return {
    async get(learnerId, lesson) {
      const [codeRows, runRows, own] = await Promise.all([
        db.selectFrom("cell_code").select(["cell", "code", "updated_at"]).where("learner", "=", learnerId).where("lesson", "=", lesson).execute(),
        db.selectFrom("cell_run").selectAll().where("learner", "=", learnerId).where("lesson", "=", lesson).execute(),
        listOwn(db, learnerId, lesson),
      ]);
      return {
        cells: Object.fromEntries(codeRows.map((r) => [r.cell, { code: r.code, updatedAt: r.updated_at }])),
        runs: Object.fromEntries(
          runRows.map((r) => [r.cell, savedRunSchema.parse({ status: r.status, outputs: parseJson(r.outputs), elapsedMs: Number(r.elapsed_ms), ranAt: r.ran_at })]),
        ),
        own,
      };
    },

    async saveCode(learnerId, lesson, cellId, code) {
      const updatedAt = now();
      await db
        .insertInto("cell_code")
        .values({ learner: learnerId, lesson, cell: cellId, code, updated_at: updatedAt })
        .onConflict((oc) => oc.columns(["learner", "lesson", "cell"]).doUpdateSet((eb) => ({ code: eb.ref("excluded.code"), updated_at: eb.ref("excluded.updated_at") })))
        .execute();
      return { code, updatedAt };
    },

    async saveRun(learnerId, lesson, cellId, run) {
      const ranAt = now();
      await db
        .insertInto("cell_run")
        .values({ learner: learnerId, lesson, cell: cellId, status: run.status, outputs: json(run.outputs), elapsed_ms: run.elapsedMs, ran_at: ranAt })
        .onConflict((oc) =>
          oc.columns(["learner", "lesson", "cell"]).doUpdateSet((eb) => ({
            status: eb.ref("excluded.status"),
            outputs: eb.ref("excluded.outputs"),
            elapsed_ms: eb.ref("excluded.elapsed_ms"),
            ran_at: eb.ref("excluded.ran_at"),
          })),
        )
        .execute();
      return { ...run, ranAt };
    },

    async resetCell(learnerId, lesson, cellId) {
      await atomic(db, async (trx) => {
        for (const table of ["cell_code", "cell_run"] as const) {
          await trx.deleteFrom(table).where("learner", "=", learnerId).where("lesson", "=", lesson).where("cell", "=", cellId).execute();
        }
      });
    },

    listOwn: (learnerId, lesson) => listOwn(db, learnerId, lesson),
    getOwn: (learnerId, lesson, id) => getOwn(db, learnerId, lesson, id),

    addOwn(learnerId, lesson, cell) {
      return atomic(
        db,
        async (trx) => {
          const position = await openGap(trx, learnerId, lesson, cell.id, cell);
          const updatedAt = now();
          await trx
            .insertInto("own_cell")
            .values({ learner: learnerId, lesson, id: cell.id, kind: cell.kind, code: cell.code, after: cell.after, pos: position, updated_at: updatedAt })
            .execute();
          return { ...cell, position, updatedAt };
        },
        true,
      );
    },

    async saveOwnCode(learnerId, lesson, id, code) {
      await db.updateTable("own_cell").set({ code, updated_at: now() }).where("learner", "=", learnerId).where("lesson", "=", lesson).where("id", "=", id).execute();
      return getOwn(db, learnerId, lesson, id);
    },

    placeOwn(learnerId, lesson, id, place) {
      return atomic(
        db,
        async (trx) => {
          const cell = await getOwn(trx, learnerId, lesson, id);
          if (!cell) return undefined;
          const mine = trx.updateTable("own_cell").where("learner", "=", learnerId).where("lesson", "=", lesson).where("id", "=", id);
          // Leave the old place first, so a move within one place counts positions without the cell itself.
          await mine.set({ pos: -1 }).execute();
          await closeGap(trx, learnerId, lesson, cell);
          const position = await openGap(trx, learnerId, lesson, id, place);
          await mine.set({ after: place.after, pos: position }).execute();
          return { ...cell, after: place.after, position };
        },
        true,
      );
    },

    deleteOwn(learnerId, lesson, id) {
      return atomic(
        db,
        async (trx) => {
          const cell = await getOwn(trx, learnerId, lesson, id);
          if (!cell) return false;
          await trx.deleteFrom("own_cell").where("learner", "=", learnerId).where("lesson", "=", lesson).where("id", "=", id).execute();
          await trx.deleteFrom("cell_run").where("learner", "=", learnerId).where("lesson", "=", lesson).where("cell", "=", id).execute();
          await closeGap(trx, learnerId, lesson, cell);
          return true;
        },
        true,
      );
    },

    async progress(learnerId) {
      // Lesson cells only: a learner's own cells are not the lesson's to count.
      const rows = await db
        .selectFrom("cell_run")
        .select((eb) => ["lesson", eb.fn.countAll().as("n")])
        .where("learner", "=", learnerId)
        .where("status", "=", "done")
        .where((eb) => eb.not(startsWith(eb, eb.ref("cell"), OWN_CELL_PREFIX)))
        .groupBy("lesson")
        .execute();
      return Object.fromEntries(rows.map((r) => [r.lesson, asNumber(r.n)]));
    },

    async lastRunAt(learnerId) {
      const rows = await db
        .selectFrom("cell_run")
        .select((eb) => ["lesson", eb.fn.max("ran_at").as("at")])
        .where("learner", "=", learnerId)
        .groupBy("lesson")
        .execute();
      return Object.fromEntries(rows.map((r) => [r.lesson, r.at]));
    },

    async failedCells(learnerId, limit) {
      const rows = await db
        .selectFrom("cell_run")
        .select(["lesson", "cell", "outputs", "ran_at"])
        .where("learner", "=", learnerId)
        .where("status", "=", "error")
        .orderBy("ran_at", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => {
        const error = savedRunSchema.shape.outputs.parse(parseJson(r.outputs)).find((o) => o.kind === "error");
        return { lesson: r.lesson, cell: r.cell, at: r.ran_at, error: error ? { name: error.name, message: error.message } : null };
      });
    },
  };
}

import { createApiClient } from "@/lib/api/client";
import { cancelJob } from "@/lib/jobs/contract";
import type { CellRun } from "@/lib/kernel/outputs";
import { createOwnCell, deleteOwnCell, moveOwnCell, resetCellCode, saveCellCode, saveCellRun, saveOwnCellCode, type OwnCellPlace } from "@/lib/lessons/contract";
import { isOwnCellId, type OwnCellKind } from "@/lib/lessons/own-cells";

/** The page's client for /api: same origin, the browser's session cookie. */
export const pageApi = createApiClient();

/** The page's calls to the notebook routes (the worker uses the `lab` SDK instead); errors are LabApiErrors with the server's message. */
export const notebookApi = {
  // An own cell's code lives with the cell; a lesson cell's is an edit of the lesson's.
  saveCode: (lesson: string, cellId: string, code: string, keepalive = false) =>
    pageApi.call(isOwnCellId(cellId) ? saveOwnCellCode : saveCellCode, { params: { lesson, cell: cellId }, input: { code }, keepalive }),
  saveRun: (lesson: string, cellId: string, run: CellRun) => pageApi.call(saveCellRun, { params: { lesson, cell: cellId }, input: run }),
  resetCell: (lesson: string, cellId: string) => pageApi.call(resetCellCode, { params: { lesson, cell: cellId } }),
  addOwnCell: (lesson: string, after: string, kind: OwnCellKind) => pageApi.call(createOwnCell, { params: { lesson }, input: { after, kind } }),
  moveOwnCell: (lesson: string, cellId: string, place: OwnCellPlace) => pageApi.call(moveOwnCell, { params: { lesson, cell: cellId }, input: place }),
  deleteOwnCell: (lesson: string, cellId: string) => pageApi.call(deleteOwnCell, { params: { lesson, cell: cellId } }),
  cancelJob: (jobId: string) => pageApi.call(cancelJob, { params: { id: jobId } }),
};

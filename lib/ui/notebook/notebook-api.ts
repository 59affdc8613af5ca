import { createApiClient } from "@/lib/api/client";
import { cancelJob } from "@/lib/jobs/contract";
import type { CellRun } from "@/lib/kernel/outputs";
import { isOwnCellId, type OwnCell, type OwnCellKind, type OwnCellPlace } from "@/lib/lessons/own-cells";

/** The page's client for /api: same origin, the browser's session cookie. */
export const pageApi = createApiClient();

/** The page's calls to the notebook routes (the worker uses the `lab` SDK instead). */
function cellUrl(lesson: string, part: "cells" | "runs" | "own", cellId: string) {
  return `/api/notebooks/${encodeURIComponent(lesson)}/${part}/${encodeURIComponent(cellId)}`;
}

async function send(url: string, method: string, body?: unknown, keepalive = false): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    keepalive,
  });
  const payload = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
  if (!res.ok) throw new Error(payload?.error?.message ?? `HTTP ${res.status}`);
  return payload;
}

export const notebookApi = {
  // An own cell's code lives with the cell; a lesson cell's is an edit of the lesson's.
  saveCode: (lesson: string, cellId: string, code: string, keepalive = false) =>
    send(cellUrl(lesson, isOwnCellId(cellId) ? "own" : "cells", cellId), "PUT", { code }, keepalive),
  saveRun: (lesson: string, cellId: string, run: CellRun) => send(cellUrl(lesson, "runs", cellId), "PUT", run),
  resetCell: (lesson: string, cellId: string) => send(cellUrl(lesson, "cells", cellId), "DELETE"),
  addOwnCell: (lesson: string, after: string, kind: OwnCellKind) =>
    send(`/api/notebooks/${encodeURIComponent(lesson)}/own`, "POST", { after, kind }) as Promise<OwnCell>,
  moveOwnCell: (lesson: string, cellId: string, place: OwnCellPlace) => send(cellUrl(lesson, "own", cellId), "PATCH", place),
  deleteOwnCell: (lesson: string, cellId: string) => send(cellUrl(lesson, "own", cellId), "DELETE"),
  cancelJob: (jobId: string) => pageApi.call(cancelJob, { params: { id: jobId } }),
};

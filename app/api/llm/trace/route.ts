import { appDb } from "@/lib/db";
import { TRACE_KEEP } from "@/lib/db/sqlite";
import { LabError } from "@/lib/errors";
import { currentLearner } from "@/lib/server/learner";
import { NOTEBOOK_SLUG, route } from "@/lib/server/route";

/** The notebook named in the query; the trace log is kept per learner and notebook. */
function notebookParam(req: Request): { notebook: string; params: URLSearchParams } {
  const params = new URL(req.url).searchParams;
  const notebook = params.get("notebook") ?? "";
  if (!NOTEBOOK_SLUG.test(notebook)) throw new LabError("bad_input", "`notebook` must be a lesson slug (a-z, 0-9 and -, at most 80 characters)");
  return { notebook, params };
}

/**
 * The notebook's LLM calls, oldest first: `{entries, total}`, where `limit`
 * keeps only the newest (the panel polls); `format=jsonl` downloads all of
 * them as JSON lines, one call per line.
 */
export const GET = route(async (req) => {
  const { notebook, params } = notebookParam(req);
  const learner = await currentLearner();
  const db = appDb();
  if (params.get("format") === "jsonl") {
    return new Response(db.listTraces(learner, notebook).map((e) => `${JSON.stringify(e)}\n`).join(""), {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${notebook}-llm-trace.jsonl"`,
        "cache-control": "no-store",
      },
    });
  }
  const raw = params.get("limit");
  // Digits only and capped, so "1e3", "10^20" or 99999999999999999999 is a 400, never an integer SQLite cannot bind.
  const limit = raw === null ? undefined : /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (limit !== undefined && !(limit >= 1 && limit <= TRACE_KEEP)) throw new LabError("bad_input", `\`limit\` must be a whole number from 1 to ${TRACE_KEEP} (the trace keeps that many calls)`);
  // The panel polls with a small limit: read only the newest rows, and count the rest in SQL.
  return { entries: db.listTraces(learner, notebook, limit), total: db.countTraces(learner, notebook) };
});

export const DELETE = route(async (req) => {
  const { notebook } = notebookParam(req);
  appDb().clearTraces(await currentLearner(), notebook);
  return { cleared: true };
});

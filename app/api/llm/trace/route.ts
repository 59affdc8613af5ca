import { appDb } from "@/lib/db";
import { clearTrace, traceLog } from "@/lib/llm/contract";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** The trace log is kept per learner and notebook. */
export const GET = route(traceLog, async ({ notebook, limit, format }) => {
  const learner = await currentLearner();
  const db = appDb();
  if (format === "jsonl") {
    return new Response(db.listTraces(learner, notebook).map((e) => `${JSON.stringify(e)}\n`).join(""), {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${notebook}-llm-trace.jsonl"`,
        "cache-control": "no-store",
      },
    });
  }
  // The panel polls with a small limit: read only the newest rows, and count the rest in SQL.
  return { entries: db.listTraces(learner, notebook, limit), total: db.countTraces(learner, notebook) };
});

export const DELETE = route(clearTrace, async ({ notebook }) => {
  appDb().clearTraces(await currentLearner(), notebook);
  return { cleared: true as const };
});

import { clearTrace, traceLog } from "@/lib/llm/contract";
import { emptyTrace, readTrace } from "@/lib/llm/trace-log";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** The trace log is kept per learner and notebook. */
export const GET = route(traceLog, async ({ notebook, limit, format }) => {
  const learner = await currentLearner();
  if (format === "jsonl") {
    const { entries } = await readTrace(learner, notebook);
    return new Response(entries.map((e) => `${JSON.stringify(e)}\n`).join(""), {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${notebook}-llm-trace.jsonl"`,
        "cache-control": "no-store",
      },
    });
  }
  // The panel polls with a small limit: read only the newest rows, and count the rest in SQL.
  return readTrace(learner, notebook, limit);
});

export const DELETE = route(clearTrace, async ({ notebook }) => {
  await emptyTrace(await currentLearner(), notebook);
  return { cleared: true as const };
});

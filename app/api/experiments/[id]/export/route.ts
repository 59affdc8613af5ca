import { appDb } from "@/lib/db";
import { exportExperiment } from "@/lib/experiments/contract";
import { experimentCsv, getExperiment } from "@/lib/experiments/service";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** Download a run as CSV (one row per grid point) or as its full JSON record. */
export const GET = route(exportExperiment, async ({ format }, { params }) => {
  const record = await getExperiment(await appDb(), await currentLearner(), params.id);
  const csv = format === "csv";
  return new Response(csv ? experimentCsv(record) : JSON.stringify(record, null, 2), {
    headers: {
      "content-type": csv ? "text/csv; charset=utf-8" : "application/json",
      "content-disposition": `attachment; filename="experiment-${record.id}.${csv ? "csv" : "json"}"`,
    },
  });
});

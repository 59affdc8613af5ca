import { appDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import { drilldownExperiment } from "@/lib/experiments/contract";
import { getExperiment } from "@/lib/experiments/service";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** One question's ranked chunks (with gold flags) for the given `chunker|mode` keys of a run. */
export const GET = route(drilldownExperiment, async ({ question }, { req, params }) => {
  // `point` repeats (?point=a&point=b), and route() reads a query as one value per name: the URL has them all.
  const keys = new URL(req.url).searchParams.getAll("point");
  const record = await getExperiment(await appDb(), await currentLearner(), params.id);
  return {
    question,
    points: keys.map((key) => {
      const ranked = record.ranked[key];
      if (!ranked) throw new LabError("not_found", `Run ${record.id} has no point "${key}" (known: ${Object.keys(record.ranked).join(", ")})`);
      const hits = ranked[question];
      if (!hits && record.split?.testIds.includes(question)) {
        throw new LabError("not_found", `Question "${question}" is in run ${record.id}'s held-out test part: its rankings are not kept, so no configuration is chosen by them`);
      }
      if (!hits) throw new LabError("not_found", `Run ${record.id} has no question "${question}"`);
      return { key, hits };
    }),
  };
});

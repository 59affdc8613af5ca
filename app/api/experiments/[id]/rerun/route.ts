import { rerunExperiment } from "@/lib/experiments/contract";
import { rerunGrid } from "@/lib/experiments/start-grid";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** Runs a recorded grid again with its exact spec. */
export const POST = route(rerunExperiment, async (_input, { params }) => rerunGrid(await currentLearner(), params.id));

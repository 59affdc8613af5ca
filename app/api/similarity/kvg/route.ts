import { startKvgCompare } from "@/lib/similarity/contract";
import { startKvg } from "@/lib/similarity/start-kvg";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** Starts the fair comparison of plain top-k against vector seeds + graph hops, as a job. */
export const POST = route(startKvgCompare, async (input) => startKvg(await currentLearner(), input));

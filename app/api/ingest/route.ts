import { startIngest } from "@/lib/ingest/contract";
import { startIngestJob } from "@/lib/ingest/start-ingest";
import { currentCaller } from "@/lib/server/caller";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** Starts an ingestion job; poll /api/jobs/{id} for progress. */
export const POST = route(startIngest, async (request) => startIngestJob(await currentLearner(), request, currentCaller().viaToken));

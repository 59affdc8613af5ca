import { describeCorpus } from "@/lib/ingest/corpus";
import { sourceRefSchema } from "@/lib/ingest/source-ref";
import { jsonBody, route } from "@/lib/server/route";

/** Resolves a caption source (dataset, file, video, channel) and summarises its documents. */
export const POST = route(async (req) => describeCorpus(await jsonBody(req, sourceRefSchema, 21_000_000)));

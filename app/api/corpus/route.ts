import { resolveCorpus } from "@/lib/ingest/contract";
import { describeCorpus } from "@/lib/ingest/corpus";
import { route } from "@/lib/server/route";

/** Resolves a caption source (dataset, file, video, channel) and summarises its documents. */
export const POST = route(resolveCorpus, (source) => describeCorpus(source));

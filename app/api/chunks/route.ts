import { chunkPreviewSchema, previewChunks } from "@/lib/ingest/corpus";
import { sourceRefSchema } from "@/lib/ingest/source-ref";
import { jsonBody, route } from "@/lib/server/route";
import { services } from "@/lib/services";

export const POST = route(async (req) => {
  const body = await jsonBody(req, chunkPreviewSchema, 21_000_000);
  return previewChunks(sourceRefSchema.parse(body.source), body.chunker, body.documents, services.embedder().maxTokens);
});

import { chunkPreview } from "@/lib/ingest/contract";
import { previewChunks } from "@/lib/ingest/corpus";
import { route } from "@/lib/server/route";
import { services } from "@/lib/services";

export const POST = route(chunkPreview, ({ source, chunker, documents }) => previewChunks(source, chunker, documents, services.embedder().maxTokens));

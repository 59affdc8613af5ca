import { z } from "zod";
import { parseChunkerConfig } from "@/lib/chunking/config";
import type { Embedder } from "@/lib/embeddings";
import type { IngestSpec } from "./pipeline";
import { sourceRefSchema } from "./source-ref";

export const ingestRequestSchema = z.strictObject({
  source: sourceRefSchema,
  chunker: z.unknown(),
  /** Write to the read-only course space (instructors only). */
  shared: z.boolean().default(false),
});

/** Validates an ingestion request fully before any job starts. */
export function parseIngestRequest(input: unknown, embedder: Embedder): IngestSpec & { shared: boolean } {
  const { source, chunker, shared } = ingestRequestSchema.parse(input);
  return { source, chunker: parseChunkerConfig(chunker, embedder.maxTokens), shared };
}

/** What a job records of its request: an uploaded file's text is not worth keeping twice. */
export function recordedSpec(spec: IngestSpec & { shared: boolean }) {
  return { ...spec, source: spec.source.kind === "file" ? { ...spec.source, text: `(${spec.source.text.length} characters)` } : spec.source };
}

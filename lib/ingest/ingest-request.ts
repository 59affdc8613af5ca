import { parseChunkerConfig } from "@/lib/chunking/config";
import type { Embedder } from "@/lib/embeddings";
import type { IngestRequest } from "./contract";
import type { IngestSpec } from "./pipeline";

/** The ingestion a request asks for, its chunker checked against the embedder before any job starts. */
export function ingestSpec({ source, chunker, shared }: IngestRequest, embedder: Embedder): IngestSpec & { shared: boolean } {
  return { source, chunker: parseChunkerConfig(chunker, embedder.maxTokens), shared };
}

/** What a job records of its request: an uploaded file's text is not worth keeping twice. */
export function recordedSpec(spec: IngestSpec & { shared: boolean }) {
  return { ...spec, source: spec.source.kind === "file" ? { ...spec.source, text: `(${spec.source.text.length} characters)` } : spec.source };
}

/**
 * The one place that picks the vector store adapter from configuration.
 * Adapters load lazily, so the engine not in use (LanceDB's native module,
 * Weaviate's gRPC client) is never imported.
 */
import type { LanceStoreOptions } from "./lancedb";
import type { ChunkStore } from "./port";
import type { WeaviateManifestOptions, WeaviateStoreOptions } from "./weaviate";

export type VectorStoreConfig =
  | ({ engine: "lancedb" } & LanceStoreOptions)
  | ({ engine: "weaviate" } & WeaviateStoreOptions & WeaviateManifestOptions);

export async function openChunkStore(config: VectorStoreConfig): Promise<ChunkStore> {
  if (config.engine === "weaviate") return (await import("./weaviate")).openWeaviateStore(config);
  return (await import("./lancedb")).openLanceStore(config);
}

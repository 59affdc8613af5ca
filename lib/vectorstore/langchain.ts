/**
 * A LangChain VectorStore over one ChunkStore collection, so LangChain
 * retrievers and chains (`asRetriever()`) run on our stores. Documents carry
 * the chunk fields in `metadata`; `pageContent` is the chunk text.
 */
import { Document, type DocumentInterface } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { VectorStore } from "@langchain/core/vectorstores";
import { z } from "zod";
import { LabError } from "../errors";
import { chunkRecordSchema, type ChunkRecord, type ChunkStore, type SearchFilter } from "./port";

export interface ChunkVectorStoreArgs {
  store: ChunkStore;
  collection: string;
}

export function chunkToDocument({ text, ...metadata }: ChunkRecord): Document {
  return new Document({ id: metadata.id, pageContent: text, metadata });
}

/** The chunk a document stands for; its id comes from `metadata.id`, else from `document.id`. */
export function documentToChunk(document: DocumentInterface): ChunkRecord {
  const parsed = chunkRecordSchema.safeParse({ id: document.id, ...document.metadata, text: document.pageContent });
  if (!parsed.success) {
    throw new LabError("bad_input", `document is not a chunk: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export class ChunkVectorStore extends VectorStore {
  declare FilterType: SearchFilter;
  private readonly store: ChunkStore;
  private readonly collection: string;

  constructor(embeddings: EmbeddingsInterface, args: ChunkVectorStoreArgs) {
    super(embeddings, args);
    this.store = args.store;
    this.collection = args.collection;
  }

  /** Constant: LangChain's constructor calls this before our fields exist. */
  _vectorstoreType(): string {
    return "ragcamp";
  }

  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
    return this.put(documents.map(documentToChunk), vectors);
  }

  /** Checks every document before embedding: embedding is the slow part of an ingest. */
  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    const chunks = documents.map(documentToChunk);
    return this.put(chunks, await this.embeddings.embedDocuments(chunks.map((c) => c.text)));
  }

  private async put(chunks: ChunkRecord[], vectors: number[][]): Promise<string[]> {
    if (vectors.length !== chunks.length) {
      throw new LabError("bad_input", `got ${vectors.length} vectors for ${chunks.length} documents`);
    }
    await this.store.upsert(
      this.collection,
      chunks.map((c, i) => ({ ...c, vector: vectors[i] })),
    );
    return chunks.map((c) => c.id);
  }

  async similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: SearchFilter,
  ): Promise<[DocumentInterface, number][]> {
    const hits = await this.store.search(this.collection, { mode: "vector", vector: query, k, filter });
    return hits.map((h) => [chunkToDocument(h.chunk), h.score]);
  }
}

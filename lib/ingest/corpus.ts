import { parseChunkerConfig } from "@/lib/chunking/config";
import { chunkDocuments } from "@/lib/chunking/chunk";
import { buildTranscript } from "@/lib/chunking/transcript";
import type { ChunkSet, SourceRef } from "./contract";
import { resolveSource } from "./source-ref";

/** What a learner sees of a corpus before ingesting it. */
export async function describeCorpus(ref: SourceRef) {
  const { corpus, corpusVersion, documents } = await resolveSource(ref);
  return {
    // An uploaded file's text is the learner's already: not sent back.
    source: ref.kind === "file" ? { kind: ref.kind, filename: ref.filename } : ref,
    corpus,
    corpusVersion,
    documents: documents.map((d) => ({
      id: d.id,
      videoId: d.videoId,
      title: d.title,
      url: d.url,
      timing: d.timing,
      cues: d.cues.length,
      durationS: Math.round(d.cues.at(-1)?.endS ?? 0),
      licence: d.attribution.licence,
      credit: d.attribution.credit,
    })),
  };
}

/** Chunks a few documents and returns their transcripts, for the chunk viewer. */
export async function previewChunks(ref: SourceRef, chunkerInput: unknown, documents: number, maxTokens: number): Promise<ChunkSet> {
  const chunker = parseChunkerConfig(chunkerInput, maxTokens);
  const { documents: docs } = await resolveSource(ref);
  const picked = docs.slice(0, documents);
  const chunks = await chunkDocuments(picked, chunker, maxTokens);
  return {
    chunker,
    chunks,
    transcripts: picked.map((d) => ({ docId: d.id, title: d.title, url: d.url, text: buildTranscript(d).text })),
  };
}

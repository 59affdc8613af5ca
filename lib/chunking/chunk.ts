import type { CaptionDocument, Chunk } from "@/lib/captions/types";
import { LabError } from "@/lib/errors";
import { type ChunkerConfig, configHash } from "./config";
import { type SplitTranscript, splitterFor } from "./splitters";
import { countTokens } from "./tokens";
import { buildTranscript, cueIndexAt } from "./transcript";

/**
 * A chunk cut at N tokens can measure a few more when counted on its own:
 * a multi-byte character split by the cut moves whole into the next chunk,
 * and tokens merge differently at the new edges. A few tokens over is that,
 * not a chunk size the embedder cannot take.
 */
const RETOKENIZE_SLACK = 8;

/** Chunks one document; see `chunkDocuments`. */
export function chunkDocument(doc: CaptionDocument, config: ChunkerConfig, maxTokens?: number): Promise<Chunk[]> {
  return chunkDocuments([doc], config, maxTokens);
}

/**
 * Splits each document's joined transcript and maps every chunk back to
 * the cues it came from, so it can cite the second it starts at. With
 * `maxTokens`, a chunk measured above it is a LabError: the limits in the
 * config are estimates for characters and seconds, and an embedder would
 * silently truncate a longer chunk.
 */
export async function chunkDocuments(
  docs: readonly CaptionDocument[],
  config: ChunkerConfig,
  maxTokens?: number,
): Promise<Chunk[]> {
  const split = splitterFor(config);
  const hash = configHash(config);
  const chunks: Chunk[] = [];
  for (const doc of docs) {
    for (const chunk of await chunksOf(doc, split, hash)) {
      if (maxTokens !== undefined && chunk.tokens > maxTokens + RETOKENIZE_SLACK) {
        throw new LabError(
          "too_large",
          `Chunk ${chunk.id} has ${chunk.tokens} tokens, over the embedder's limit of ${maxTokens} tokens: choose a smaller chunk size`,
        );
      }
      chunks.push(chunk);
    }
  }
  return chunks;
}

async function chunksOf(doc: CaptionDocument, split: SplitTranscript, hash: string): Promise<Chunk[]> {
  const transcript = buildTranscript(doc);
  const spans = await split(transcript);
  return spans.map(({ start, end }, index) => {
    const startS = transcript.cues[cueIndexAt(transcript.cues, start)].startS;
    const text = transcript.text.slice(start, end);
    return {
      id: `${doc.id}:${hash}:${index}`,
      docId: doc.id,
      index,
      text,
      startS,
      endS: transcript.cues[cueIndexAt(transcript.cues, end - 1)].endS,
      startChar: start,
      endChar: end,
      citation: citationFor(doc, startS),
      citationApproximate: doc.timing === "approximate",
      tokens: countTokens(text),
    };
  });
}

function citationFor(doc: CaptionDocument, startS: number): string {
  const second = Math.floor(startS);
  if (doc.videoId) return `https://www.youtube.com/watch?v=${encodeURIComponent(doc.videoId)}&t=${second}s`;
  return `${doc.url.split("#")[0]}#t=${second}`;
}

/** The document and position a chunk id names (ids are `<doc id>:<config hash>:<index>`). */
export function chunkIdParts(id: string): { docId: string; index: number } {
  const parts = id.split(":");
  const index = Number(parts.pop());
  parts.pop();
  return { docId: parts.join(":"), index };
}

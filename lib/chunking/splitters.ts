import { RecursiveCharacterTextSplitter, type TextSplitter, TokenTextSplitter } from "@langchain/textsplitters";
import type { ChunkerConfig } from "./config";
import { locatePieces } from "./locate";
import { sentenceSpans } from "./sentence";
import { timeSpans } from "./time";
import { gpt2 } from "./tokens";
import type { Span, Transcript } from "./transcript";

/** Splits a transcript into chunk spans, in order. */
export type SplitTranscript = (transcript: Transcript) => Promise<Span[]>;

/** Builds the splitter for a config once, to reuse across documents. */
export function splitterFor(config: ChunkerConfig): SplitTranscript {
  switch (config.kind) {
    case "token":
      return viaLangChain(tokenSplitter(config.size, config.overlap), config.overlap > 0);
    case "recursive":
      return viaLangChain(
        new RecursiveCharacterTextSplitter({ chunkSize: config.size, chunkOverlap: config.overlap }),
        config.overlap > 0,
      );
    case "sentence":
      return async ({ text }) => sentenceSpans(text, config.maxTokens, config.overlapSentences);
    case "time":
      return async ({ text, cues }) => timeSpans(text, cues, config.windowS, config.overlapS);
  }
}

/**
 * LangChain's TokenTextSplitter fetches its ranks from a CDN on first use
 * unless its (TypeScript-private) `tokenizer` field is already set, so it
 * gets the bundled gpt2 tokenizer. Special-token markup stays plain text.
 */
export function tokenSplitter(size: number, overlap: number): TokenTextSplitter {
  const splitter = new TokenTextSplitter({ chunkSize: size, chunkOverlap: overlap, disallowedSpecial: [] });
  return Object.assign(splitter, { tokenizer: gpt2() });
}

function viaLangChain(splitter: TextSplitter, overlapping: boolean): SplitTranscript {
  return async ({ text }) => locatePieces(text, await splitter.splitText(text), overlapping);
}

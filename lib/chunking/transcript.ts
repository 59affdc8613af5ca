import type { CaptionDocument } from "@/lib/captions/types";
import { LabError } from "@/lib/errors";

/** Half-open character range [start, end) in a transcript. */
export interface Span {
  start: number;
  end: number;
}

/** A cue's place in the transcript text and in the recording. */
export interface CueSpan extends Span {
  startS: number;
  endS: number;
}

export interface Transcript {
  text: string;
  cues: CueSpan[];
}

/**
 * Joins cue texts with single spaces. Line breaks inside a cue are layout,
 * not content, so whitespace is collapsed; cues left empty are dropped.
 */
export function buildTranscript(doc: CaptionDocument): Transcript {
  const parts: string[] = [];
  const cues: CueSpan[] = [];
  let offset = 0;
  for (const cue of doc.cues) {
    const text = cue.text.toWellFormed().replace(/\s+/g, " ").trim();
    if (text === "") continue;
    if (parts.length > 0) offset += 1;
    cues.push({ start: offset, end: offset + text.length, startS: cue.startS, endS: cue.endS });
    parts.push(text);
    offset += text.length;
  }
  if (parts.length === 0) {
    throw new LabError("bad_input", `Document "${doc.id}" has no caption text to chunk`);
  }
  return { text: parts.join(" "), cues };
}

/** Index of the cue holding character `char` (the one before it on a separator). */
export function cueIndexAt(cues: readonly CueSpan[], char: number): number {
  let lo = 0;
  let hi = cues.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cues[mid].start <= char) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

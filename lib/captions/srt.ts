import { LabError } from "@/lib/errors";
import { isTimingLine, quote, readCue, requireCues, splitBlocks, type Block, type CueFormat } from "./cue-blocks";
import { checkCaptionText, checkCues } from "./text-check";
import { shiftCues } from "./time-offset";
import type { Cue } from "./types";

export interface SrtOptions {
  /** Seconds added to every time; -3600 removes a tape-timecode hour. */
  offsetS?: number;
  /** Name used in error messages, usually the file name. */
  source?: string;
}

/** Parses SubRip (.srt) captions into cues. Cue numbers are optional. */
export function parseSrt(text: string, options: SrtOptions = {}): Cue[] {
  const format: CueFormat = { source: options.source ?? "SRT captions", example: "00:00:01,000 --> 00:00:02,500" };
  const cues: Cue[] = [];
  for (const block of splitBlocks(checkCaptionText(text, format.source))) {
    const cue = readCue(block, timingIndex(block, format), format);
    if (cue) cues.push(cue);
  }
  return shiftCues(checkCues(requireCues(cues, format.source), format.source, "exact"), options.offsetS ?? 0, format.source);
}

/** 0 when the block opens with its timing line, 1 when a cue number comes first. */
function timingIndex({ lines, lineNo }: Block, format: CueFormat): number {
  if (isTimingLine(lines[0])) return 0;
  if (/^\s*\d+\s*$/.test(lines[0])) return 1;
  // Usually a blank line inside a cue's text, which splits the cue in two.
  throw new LabError(
    "bad_input",
    `${format.source}: line ${lineNo}: expected a cue number or a timing line like ${format.example}, got ${quote(lines[0])}`,
  );
}

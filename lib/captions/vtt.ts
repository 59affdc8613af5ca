import { LabError } from "@/lib/errors";
import { isTimingLine, quote, readCue, requireCues, splitBlocks, type CueFormat } from "./cue-blocks";
import { checkCaptionText, checkCues } from "./text-check";
import type { Cue } from "./types";

export interface VttOptions {
  /** Name used in error messages, usually the file name. */
  source?: string;
}

/** Blocks that carry no cue: comments, CSS and region definitions. */
const SKIPPED_BLOCK = /^(?:NOTE|STYLE|REGION)(?:\s|$)/;

/** Parses WebVTT captions into cues, skipping the header, NOTE, STYLE and REGION blocks. */
export function parseVtt(text: string, options: VttOptions = {}): Cue[] {
  const format: CueFormat = { source: options.source ?? "WebVTT captions", example: "00:00:01.000 --> 00:00:02.500" };
  const [header, ...blocks] = splitBlocks(checkCaptionText(text, format.source));
  if (!header) return requireCues([], format.source);
  // The header block may carry metadata lines such as "Kind: captions".
  if (!/^WEBVTT(?:[ \t]|$)/.test(header.lines[0])) {
    throw new LabError(
      "bad_input",
      `${format.source}: line ${header.lineNo}: expected the header "WEBVTT", got ${quote(header.lines[0])}`,
    );
  }
  const cues: Cue[] = [];
  for (const block of blocks) {
    if (SKIPPED_BLOCK.test(block.lines[0])) continue;
    // A cue identifier, when present, is the single line before the timing line.
    const cue = readCue(block, isTimingLine(block.lines[0]) ? 0 : 1, format);
    if (cue) cues.push(cue);
  }
  return checkCues(requireCues(cues, format.source), format.source, "exact");
}

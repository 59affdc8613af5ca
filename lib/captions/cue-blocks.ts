/**
 * The block structure SRT and WebVTT share: cues are groups of lines separated
 * by blank lines, each with an optional identifier, a timing line
 * "start --> end [settings]" and text lines.
 */
import { LabError } from "@/lib/errors";
import { cueText } from "./cue-text";
import type { Cue } from "./types";

export interface Block {
  /** 1-based line number of the block's first line, for error messages. */
  lineNo: number;
  lines: string[];
}

/** How a format names itself in error messages. */
export interface CueFormat {
  /** File name or label that starts every error message, e.g. "talk.srt". */
  source: string;
  /** A correct timing line, shown when one is malformed. */
  example: string;
}

/** Splits caption text into blocks, tolerating a BOM, CRLF/CR line ends and a missing final blank line. */
export function splitBlocks(text: string): Block[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const blocks: Block[] = [];
  let current: Block | undefined;
  lines.forEach((line, i) => {
    if (line.trim() === "") {
      current = undefined;
    } else if (current) {
      current.lines.push(line);
    } else {
      current = { lineNo: i + 1, lines: [line] };
      blocks.push(current);
    }
  });
  return blocks;
}

export function isTimingLine(line: string): boolean {
  return line.includes("-->");
}

// Hours are optional (WebVTT allows mm:ss.ttt); "," and "." are both accepted
// as the millisecond separator because real files mix SRT and VTT habits.
const STAMP = String.raw`(?:(\d+):)?(\d{2}):(\d{2})[,.](\d{3})`;
const TIMING = new RegExp(String.raw`^\s*${STAMP}\s*-->\s*${STAMP}(?:\s+.*)?$`);

function seconds(h: string | undefined, m: string, s: string, ms: string): number | undefined {
  const minutes = Number(m);
  const secs = Number(s);
  if (minutes > 59 || secs > 59) return undefined;
  // Whole milliseconds first, so 1.1 s is 1100 / 1000 and not 1 + 0.1.
  return (Number(h ?? 0) * 3_600_000 + minutes * 60_000 + secs * 1000 + Number(ms)) / 1000;
}

/**
 * Reads the cue whose timing line is `block.lines[timingIndex]`; the lines
 * before it are its identifier. Returns undefined for a cue without text.
 */
export function readCue(block: Block, timingIndex: number, format: CueFormat): Cue | undefined {
  const lineNo = block.lineNo + timingIndex;
  const where = `${format.source}: line ${lineNo}`;
  const line = block.lines[timingIndex];
  if (line === undefined) {
    throw new LabError("bad_input", `${where}: expected a timing line like ${format.example} after cue ${quote(block.lines[0])}`);
  }
  const m = TIMING.exec(line);
  const startS = m ? seconds(m[1], m[2], m[3], m[4]) : undefined;
  const endS = m ? seconds(m[5], m[6], m[7], m[8]) : undefined;
  if (startS === undefined || endS === undefined) {
    throw new LabError(
      "bad_input",
      `${where}: expected a timing line like ${format.example}, got ${quote(line)}`,
    );
  }
  if (endS < startS) {
    const cue = timingIndex > 0 ? ` (cue ${block.lines[0].trim()})` : "";
    throw new LabError("bad_input", `${where}${cue}: cue ends at ${endS} s, before it starts at ${startS} s`);
  }
  const text = cueText(block.lines.slice(timingIndex + 1));
  return text ? { startS, endS, text } : undefined;
}

/** Rejects a transcript that yielded no cues, which would otherwise ingest as nothing. */
export function requireCues(cues: Cue[], source: string): Cue[] {
  if (cues.length === 0) throw new LabError("bad_input", `${source}: no caption cues found`);
  return cues;
}

/** A line quoted for an error message, shortened so a pasted transcript cannot flood it. */
export function quote(line: string): string {
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line);
}

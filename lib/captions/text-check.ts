/**
 * Captions are validated as text before they are parsed, so nothing that is
 * not a transcript (a Latin-1 file read as UTF-8, binary, one giant cue)
 * reaches the chunker, the embedder or a store. Every refusal is a
 * `bad_input` naming the line and column, or the cue's index.
 */
import { LabError } from "@/lib/errors";
import type { Cue } from "./types";

export const MAX_CUE_CHARS = 2_000;
export const MAX_CHARS_PER_S = 30;
/**
 * The speaking-rate rule applies only to cues longer than two 42-character
 * caption lines: shorter cues are timed for display, not for speech, and the
 * shipped Google talks have two-line cues at up to 36 characters a second
 * (and 300 over a 0.13 s flash) that are correct.
 */
export const RATE_MIN_CHARS = 84;

const BOMS: { bytes: number[]; encoding: "utf-8" | "utf-16le" | "utf-16be" }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: "utf-8" },
  { bytes: [0xff, 0xfe], encoding: "utf-16le" },
  { bytes: [0xfe, 0xff], encoding: "utf-16be" },
];

/**
 * Decodes a caption file's bytes: UTF-8, or UTF-8 / UTF-16 LE / UTF-16 BE
 * with a byte-order mark. Anything else that is not valid UTF-8 (Latin-1,
 * Windows-1252, binary) is refused naming its first bad line.
 */
export function decodeCaptionBytes(bytes: Uint8Array, source: string): string {
  const bom = BOMS.find((b) => b.bytes.every((x, i) => bytes[i] === x));
  const body = bytes.subarray(bom?.bytes.length ?? 0);
  const encoding = bom?.encoding ?? "utf-8";
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new LabError("bad_input", `${source}: line ${firstBadLine(body, encoding)}: not valid ${encoding.toUpperCase()}; save the file as UTF-8`);
  }
  return checkCaptionText(text, source);
}

/** Lines end at LF in all three encodings, and no multi-byte character contains one, so each line decodes alone. */
function firstBadLine(body: Uint8Array, encoding: string): number {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  const unit = encoding === "utf-8" ? 1 : 2;
  const isNewline = (i: number) => (encoding === "utf-16be" ? body[i] === 0 && body[i + 1] === 0x0a : body[i] === 0x0a && (unit === 1 || body[i + 1] === 0));
  let line = 1;
  let start = 0;
  for (let i = 0; i <= body.length; i += unit) {
    if (i < body.length && !isNewline(i)) continue;
    try {
      decoder.decode(body.subarray(start, i));
    } catch {
      return line;
    }
    line++;
    start = i + unit;
  }
  return line - 1;
}

/** C0 controls other than tab, LF and CR. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/**
 * Refuses decoded text with NUL or other control characters (line and
 * column), or with U+FFFD, which is what invalid UTF-8 becomes when a browser
 * or editor decoded it before sending (the first such line).
 */
export function checkCaptionText(text: string, source: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const control = CONTROL.exec(lines[i]);
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
      throw new LabError("bad_input", `${source}: line ${i + 1}, column ${control.index + 1}: control character U+${code} is not caption text`);
    }
    if (lines[i].includes("\uFFFD")) {
      throw new LabError("bad_input", `${source}: line ${i + 1}: not valid UTF-8 (it was decoded with replacement characters); save the file as UTF-8`);
    }
  }
  return text;
}

/**
 * Refuses a cue over MAX_CUE_CHARS, or, when its times are its own (not
 * interpolated), a long cue spoken faster than MAX_CHARS_PER_S. Index is 1-based.
 */
export function checkCues(cues: Cue[], source: string, timing: "exact" | "approximate"): Cue[] {
  cues.forEach((cue, i) => {
    const chars = cue.text.length;
    if (chars > MAX_CUE_CHARS) throw new LabError("bad_input", `${source}: cue ${i + 1} has ${chars} characters; a cue has at most ${MAX_CUE_CHARS}`);
    const duration = cue.endS - cue.startS;
    if (timing === "exact" && chars > RATE_MIN_CHARS && chars > MAX_CHARS_PER_S * duration) {
      throw new LabError(
        "bad_input",
        `${source}: cue ${i + 1} has ${chars} characters in ${duration.toFixed(3)} s, over ${MAX_CHARS_PER_S} characters a second; no one speaks that fast, so its timing or text is wrong`,
      );
    }
  });
  return cues;
}

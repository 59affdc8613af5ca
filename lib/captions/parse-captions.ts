import path from "node:path";
import { LabError } from "@/lib/errors";
import { parseSrt } from "./srt";
import type { Cue } from "./types";
import { parseVtt } from "./vtt";

/** Parses an uploaded caption file, choosing the format by extension or by a WEBVTT header. */
export function parseCaptions(text: string, filename: string): Cue[] {
  const ext = path.extname(filename).toLowerCase();
  if (ext === ".vtt" || /^\uFEFF?WEBVTT(?:[ \t\r\n]|$)/.test(text)) return parseVtt(text, { source: filename });
  if (ext === ".srt") return parseSrt(text, { source: filename });
  throw new LabError(
    "bad_input",
    `${filename}: unsupported caption format; expected a .srt or .vtt file, or text starting with "WEBVTT"`,
  );
}

import { LabError } from "@/lib/errors";
import type { Cue } from "./types";

const HOUR_S = 3600;

/**
 * Broadcast tapes often start their timecode at 01:00:00:00, and captions
 * made from them inherit the hour. No talk here opens with an hour of
 * silence, so a first cue at or after one hour means "subtract 3600 s".
 * Returns the offset to pass to `shiftCues` (0 when none is needed).
 */
export function tapeHourOffsetS(cues: readonly Cue[]): number {
  return cues.length > 0 && cues[0].startS >= HOUR_S ? -HOUR_S : 0;
}

/** Adds `offsetS` to every cue time; refuses to move a cue before 0 s. */
export function shiftCues(cues: Cue[], offsetS: number, source: string): Cue[] {
  if (offsetS === 0) return cues;
  return cues.map((cue, i) => {
    const startS = round3(cue.startS + offsetS);
    if (startS < 0) {
      throw new LabError(
        "bad_input",
        `${source}: an offset of ${offsetS} s moves cue ${i + 1} (at ${cue.startS} s) before the start of the recording`,
      );
    }
    return { ...cue, startS, endS: round3(cue.endS + offsetS) };
  });
}

/** Millisecond precision, so 3602.801 - 3600 reads 2.801 and not 2.8009999999998.  */
function round3(s: number): number {
  return Math.round(s * 1000) / 1000;
}

import { describe, expect, it } from "vitest";
import { fixture } from "./fixtures/helpers";
import { parseSrt } from "./srt";
import { shiftCues, tapeHourOffsetS } from "./time-offset";

describe("tapeHourOffsetS", () => {
  it("detects captions that start an hour late and undoes it", () => {
    const cues = parseSrt(fixture("hour-offset.srt"));
    expect(cues[0].startS).toBe(3602.801);
    const offset = tapeHourOffsetS(cues);
    expect(offset).toBe(-3600);
    expect(shiftCues(cues, offset, "hour-offset.srt")).toEqual([
      { startS: 2.801, endS: 5.234, text: "Ming: Hello. Uh, good afternoon, my friends." },
      { startS: 5.234, endS: 7.534, text: "Uh, my name is Ming," },
    ]);
  });

  it("leaves captions alone that start within the first hour, even if they run past it", () => {
    const cues = parseSrt(fixture("captions.srt"));
    expect(cues.at(-1)?.endS).toBe(3600);
    expect(tapeHourOffsetS(cues)).toBe(0);
    expect(shiftCues(cues, 0, "captions.srt")).toBe(cues);
  });

  it("treats a first cue at exactly one hour as offset", () => {
    expect(tapeHourOffsetS([{ startS: 3600, endS: 3601, text: "x" }])).toBe(-3600);
    expect(tapeHourOffsetS([{ startS: 3599.999, endS: 3601, text: "x" }])).toBe(0);
  });
});

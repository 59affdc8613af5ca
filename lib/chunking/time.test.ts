import { describe, expect, it } from "vitest";
import { timeSpans } from "./time";
import type { CueSpan } from "./transcript";

/** Cue n is "cueN text" at characters [10n, 10n + 9) and seconds [3n, 3n + 3). */
const text = Array.from({ length: 10 }, (_, n) => `cue${n} text`).join(" ");
const cues: CueSpan[] = Array.from({ length: 10 }, (_, n) => ({ start: 10 * n, end: 10 * n + 9, startS: 3 * n, endS: 3 * n + 3 }));
const cueRanges = (windowS: number, overlapS: number) =>
  timeSpans(text, cues, windowS, overlapS).map((s) => [s.start / 10, (s.end - 9) / 10]);

describe("timeSpans", () => {
  it("builds windows from whole cues that end within the window", () => {
    expect(cueRanges(9, 0)).toEqual([[0, 2], [3, 5], [6, 8], [9, 9]]);
    expect(cueRanges(10, 0)).toEqual([[0, 2], [3, 5], [6, 8], [9, 9]]);
  });

  it("repeats cues that began within the overlap", () => {
    expect(cueRanges(9, 4)).toEqual([[0, 2], [2, 4], [4, 6], [6, 8], [8, 9]]);
  });

  it("always advances, even when the overlap covers the whole window", () => {
    expect(cueRanges(9, 8)).toEqual([[0, 2], [1, 3], [2, 4], [3, 5], [4, 6], [5, 7], [6, 8], [7, 9]]);
  });

  it("cuts a cue longer than the window at spaces, in proportion to time", () => {
    const turn = Array.from({ length: 40 }, (_, n) => `word${String(n).padStart(2, "0")}`).join(" ");
    const long: CueSpan = { start: 0, end: turn.length, startS: 0, endS: 120 };
    const pieces = timeSpans(turn, [long], 30, 0).map((s) => turn.slice(s.start, s.end));
    expect(pieces).toHaveLength(4);
    expect(pieces.join(" ")).toBe(turn);
    expect(pieces.map((p) => p.split(" ").length)).toEqual([10, 10, 10, 10]);
  });
});

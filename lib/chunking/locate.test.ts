import { describe, expect, it } from "vitest";
import { locatePieces } from "./locate";

const text = "Hello there. Retrieval finds passages. Chunks keep their timing.";
const slices = (spans: { start: number; end: number }[]) => spans.map((s) => text.slice(s.start, s.end));

describe("locatePieces", () => {
  it("finds exact pieces in order", () => {
    const pieces = ["Hello there.", "Retrieval finds passages.", "Chunks keep their timing."];
    expect(slices(locatePieces(text, pieces, false))).toEqual(pieces);
  });

  it("ignores whitespace the splitter trimmed, collapsed or re-joined", () => {
    const pieces = ["  Hello\nthere.", "Retrieval   finds\tpassages. ", "Chunks keep their timing.\n"];
    expect(slices(locatePieces(text, pieces, false))).toEqual([
      "Hello there.",
      "Retrieval finds passages.",
      "Chunks keep their timing.",
    ]);
  });

  it("finds a piece that starts before the previous one ended when overlapping", () => {
    const spans = locatePieces(text, ["Hello there. Retrieval finds", "Retrieval finds passages. Chunks"], true);
    expect(spans[1].start).toBe(text.indexOf("Retrieval"));
    expect(spans[1].start).toBeLessThan(spans[0].end);
  });

  it("does not match an earlier repeat of the text when not overlapping", () => {
    const repeated = "la la la la";
    expect(locatePieces(repeated, ["la la", "la la"], false)).toEqual([
      { start: 0, end: 5 },
      { start: 6, end: 11 },
    ]);
  });

  it("gives a character split by a token boundary to the next span, losing nothing", () => {
    const song = "sing ♪ along";
    // What decoding "sing ♪" cut inside ♪ looks like, then the rest.
    const spans = locatePieces(song, ["sing \uFFFD", "\uFFFD along"], false);
    expect(spans.map((s) => song.slice(s.start, s.end))).toEqual(["sing", "♪ along"]);
  });

  it("skips pieces made only of character fragments but keeps their text", () => {
    const notes = "♪♪ end";
    const spans = locatePieces(notes, ["\uFFFD", "\uFFFD\uFFFD", "\uFFFD end"], false);
    expect(spans).toEqual([{ start: 0, end: notes.length }]);
  });

  it("fails loudly when a piece is not in the text", () => {
    expect(() => locatePieces(text, ["Hello there.", "not in the text"], false)).toThrow(/Chunk 1 not found/);
  });
});

import { describe, expect, it } from "vitest";
import type { Question } from "./questions";
import { countRelevant, overlaps, relevantFlags, spansCovered, videoIdOf, type JudgedChunk } from "./relevance";

const VIDEO = "hQVTIJBZook";
const OTHER = "0SARbwvhupQ";

/** Two gold spans in VIDEO: 100–130 s and 400–420 s. */
const question: Question = {
  id: "q1",
  question: "?",
  evidence: [
    { video_id: VIDEO, start_s: 100, end_s: 130 },
    { video_id: VIDEO, start_s: 400, end_s: 420 },
  ],
};

function chunk(id: string, videoId: string, startS: number, endS: number): JudgedChunk {
  return { id, docId: `google-talks:${videoId}`, startS, endS };
}

describe("overlaps", () => {
  it("is true when the intervals share any time", () => {
    expect(overlaps(0, 10, 5, 15)).toBe(true);
    expect(overlaps(5, 15, 0, 10)).toBe(true);
    expect(overlaps(0, 100, 40, 50)).toBe(true);
    expect(overlaps(40, 50, 0, 100)).toBe(true);
  });

  it("is false for intervals that are apart or only touch", () => {
    expect(overlaps(0, 10, 20, 30)).toBe(false);
    expect(overlaps(0, 10, 10, 20)).toBe(false);
    expect(overlaps(10, 20, 0, 10)).toBe(false);
  });
});

describe("videoIdOf", () => {
  it("drops the dataset prefix, keeping ids that contain dashes or underscores", () => {
    expect(videoIdOf("google-talks:aQ9w--W4J6U")).toBe("aQ9w--W4J6U");
    expect(videoIdOf("google-talks:Naol_TPPPL0")).toBe("Naol_TPPPL0");
  });
});

describe("spansCovered", () => {
  it("lists every gold span the chunk overlaps", () => {
    expect(spansCovered(chunk("c", VIDEO, 90, 110), question)).toEqual([0]);
    expect(spansCovered(chunk("c", VIDEO, 120, 410), question)).toEqual([0, 1]);
    expect(spansCovered(chunk("c", VIDEO, 130, 400), question)).toEqual([]);
  });

  it("ignores other videos at the same times", () => {
    expect(spansCovered(chunk("c", OTHER, 100, 130), question)).toEqual([]);
  });
});

describe("relevantFlags", () => {
  it("flags each hit in rank order", () => {
    const hits = [chunk("a", VIDEO, 0, 50), chunk("b", VIDEO, 125, 160), chunk("c", OTHER, 100, 130), chunk("d", VIDEO, 415, 440)];
    expect(relevantFlags(hits, question)).toEqual([false, true, false, true]);
  });

  it("is all false when no hit overlaps a gold span, and empty for no hits", () => {
    expect(relevantFlags([chunk("a", VIDEO, 0, 50), chunk("b", OTHER, 100, 130)], question)).toEqual([false, false]);
    expect(relevantFlags([], question)).toEqual([]);
  });

  it("does not count a chunk again when it is returned twice", () => {
    const hit = chunk("b", VIDEO, 125, 160);
    expect(relevantFlags([hit, chunk("a", VIDEO, 0, 50), hit], question)).toEqual([true, false, false]);
  });
});

describe("countRelevant", () => {
  it("counts the distinct chunks of the index that overlap a gold span", () => {
    const corpus = [
      chunk("a", VIDEO, 90, 105),
      chunk("b", VIDEO, 105, 125),
      chunk("c", VIDEO, 125, 140),
      chunk("d", VIDEO, 140, 400),
      chunk("e", VIDEO, 400, 430),
      chunk("e", VIDEO, 400, 430),
      chunk("f", OTHER, 100, 130),
    ];
    expect(countRelevant(corpus, question)).toBe(4);
    expect(countRelevant([], question)).toBe(0);
  });
});

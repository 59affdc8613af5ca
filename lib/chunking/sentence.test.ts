import { describe, expect, it } from "vitest";
import { sentenceSpans } from "./sentence";
import { countTokens } from "./tokens";

const sentences = [
  "Retrieval finds the passages that answer a question.",
  "The model then writes an answer from them.",
  "Chunk boundaries decide what a passage can hold.",
  "Overlap repeats a little context across a boundary.",
  "Timing lets every answer cite the second it came from.",
];
const text = sentences.join(" ");
const chunks = (maxTokens: number, overlap: number) =>
  sentenceSpans(text, maxTokens, overlap).map((s) => text.slice(s.start, s.end));

describe("sentenceSpans", () => {
  it("packs whole sentences up to the token limit", () => {
    const limit = countTokens(sentences.slice(0, 2).join(" "));
    const packed = chunks(limit, 0);
    expect(packed[0]).toBe(sentences.slice(0, 2).join(" "));
    for (const chunk of packed) {
      expect(countTokens(chunk)).toBeLessThanOrEqual(limit);
      expect(sentences.some((s) => chunk.startsWith(s))).toBe(true);
      expect(sentences.some((s) => chunk.endsWith(s))).toBe(true);
    }
    expect(packed.join(" ")).toBe(text);
  });

  it("fills chunks to exactly the limit when sentences fit exactly", () => {
    const limit = countTokens(sentences.slice(0, 3).join(" "));
    expect(chunks(limit, 0)[0]).toBe(sentences.slice(0, 3).join(" "));
    expect(chunks(limit - 1, 0)[0]).toBe(sentences.slice(0, 2).join(" "));
  });

  it("repeats the last sentences of a chunk at the start of the next", () => {
    const limit = countTokens(sentences.slice(0, 3).join(" "));
    const [first, second] = chunks(limit, 1);
    expect(first.endsWith(sentences[2])).toBe(true);
    expect(second.startsWith(sentences[2])).toBe(true);
  });

  it("drops overlap that would leave no room for a new sentence", () => {
    const limit = Math.max(...sentences.map(countTokens));
    expect(chunks(limit, 2)).toEqual(sentences);
  });

  it("splits a sentence longer than the limit at words", () => {
    const packed = chunks(5, 0);
    for (const chunk of packed) expect(countTokens(chunk)).toBeLessThanOrEqual(5);
    expect(packed.join(" ")).toBe(text);
  });
});

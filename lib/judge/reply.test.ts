import { describe, expect, it } from "vitest";
import { parseJsonReply } from "./reply";

describe("parseJsonReply", () => {
  it("reads bare JSON, fenced JSON and JSON wrapped in a sentence", () => {
    expect(parseJsonReply('{"score": 4}')).toEqual({ ok: true, value: { score: 4 } });
    expect(parseJsonReply('```json\n{"score": 4}\n```')).toEqual({ ok: true, value: { score: 4 } });
    expect(parseJsonReply('```\n{"score": 4}\n```')).toEqual({ ok: true, value: { score: 4 } });
    expect(parseJsonReply('Here is my verdict: {"score": 4} Hope that helps.')).toEqual({ ok: true, value: { score: 4 } });
  });

  it("ignores a reasoning model's <think> block", () => {
    expect(parseJsonReply('<think>maybe {score: 3}?</think>\n{"score": 4}')).toEqual({ ok: true, value: { score: 4 } });
  });

  it("refuses prose and broken JSON", () => {
    expect(parseJsonReply("I would give this answer a 4 out of 5.")).toEqual({ ok: false });
    expect(parseJsonReply('{"score": 4')).toEqual({ ok: false });
  });
});

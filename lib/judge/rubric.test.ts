import { describe, expect, it } from "vitest";
import { defineRubric, formatRubric, STYLE_RUBRIC } from "./rubric";

const scores = { 1: "bad", 2: "weak", 3: "fair", 4: "good", 5: "great" };

describe("rubrics", () => {
  it("rejects a rubric without a description for every score from 1 to 5", () => {
    expect(() => defineRubric({ name: "tone", criterion: "Is it kind?", scores: { 1: "rude", 3: "neutral", 5: "kind" } })).toThrow(
      'Rubric "tone" needs a description for every score from 1 to 5; missing: 2, 4.',
    );
    expect(() => defineRubric({ name: "tone", criterion: "Is it kind?", scores: { ...scores, 2: "  " } })).toThrow(/missing: 2\./);
  });

  it("rejects scores outside 1-5 and a missing criterion", () => {
    expect(() => defineRubric({ name: "tone", criterion: "Is it kind?", scores: { ...scores, 6: "perfect" } })).toThrow(
      'Rubric "tone" scores run from 1 to 5; remove 6.',
    );
    expect(() => defineRubric({ name: "tone", criterion: " ", scores })).toThrow(/needs a criterion/);
  });

  it("ships the style example: a friendly, concise tutor", () => {
    expect(STYLE_RUBRIC.name).toBe("style");
    expect(STYLE_RUBRIC.criterion).toMatch(/friendly, concise tutor/);
    expect(Object.keys(STYLE_RUBRIC.scores)).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("renders the scale for the prompt", () => {
    expect(formatRubric(defineRubric({ name: "tone", criterion: "Is it kind?", scores }))).toBe(
      "Criterion (tone): Is it kind?\n\nScores:\n1 - bad\n2 - weak\n3 - fair\n4 - good\n5 - great",
    );
  });
});

import { describe, expect, it } from "vitest";
import { labError } from "@/lib/testing/lab-error";
import { answerRelevancyJudge } from "./metrics/answer-relevancy";
import { contextPrecisionJudge } from "./metrics/context-precision";
import { faithfulnessJudge } from "./metrics/faithfulness";
import { rubricJudge } from "./metrics/rubric-judge";
import { STYLE_RUBRIC } from "./rubric";
import { fillTemplate, placeholdersIn, validateTemplate } from "./template";

describe("judge templates", () => {
  it("finds placeholders but leaves JSON braces alone", () => {
    expect(placeholdersIn('Q: {question}\nA: {answer}\nReply {"score": 1} about {question}')).toEqual(["question", "answer"]);
  });

  it("names every missing placeholder", () => {
    const error = labError(() => validateTemplate("Judge this: {answer}", ["question", "answer", "context"]));
    expect(error.code).toBe("bad_input");
    expect(error.message).toBe(
      "The judge template is missing the placeholders {question}, {context}. Put each one where the judge should see that text.",
    );
    expect(error.details).toEqual({ missing: ["question", "context"] });
  });

  it("rejects placeholders the judge cannot fill, listing the ones it can", () => {
    const error = labError(() => validateTemplate("{questoin} {answer}", ["answer"], ["question"]));
    expect(error.message).toBe("The judge template uses {questoin}, which is not available here. Available: {answer}, {question}.");
  });

  it("fills in one pass, so text inside values is never expanded", () => {
    expect(fillTemplate("Q: {question} A: {answer}", { question: "What is {answer}?", answer: "42" })).toBe(
      "Q: What is {answer}? A: 42",
    );
  });

  it("is checked when a judge is created from an edited template", () => {
    expect(() => faithfulnessJudge({ claims: "List the claims." })).toThrow(/missing the placeholder \{answer\}/);
    expect(() => faithfulnessJudge({ verdicts: "{context}" })).toThrow(/\{claims\}/);
    expect(() => answerRelevancyJudge("Rate {answer}")).toThrow(/\{question\}/);
    expect(() => contextPrecisionJudge("{question} {context}")).toThrow(/\{reference\}/);
    expect(() => rubricJudge(STYLE_RUBRIC, "Score {answer}")).toThrow(/\{rubric\}/);
    expect(() => rubricJudge(STYLE_RUBRIC, "Score {answer} by {rubric}")).not.toThrow();
  });
});

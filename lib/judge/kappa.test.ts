import { describe, expect, it } from "vitest";
import { cohenKappa, type Label } from "./kappa";

const repeat = (pair: readonly [Label, Label], times: number) => Array.from({ length: times }, () => pair);

describe("cohenKappa", () => {
  it("matches a hand-worked binary example", () => {
    // 50 items: both yes 20, learner yes/judge no 5, learner no/judge yes 10, both no 15.
    // p_o = 35/50 = 0.7; p_e = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = (0.7-0.5)/(1-0.5) = 0.4
    const pairs = [
      ...repeat(["yes", "yes"], 20),
      ...repeat(["yes", "no"], 5),
      ...repeat(["no", "yes"], 10),
      ...repeat(["no", "no"], 15),
    ];
    const result = cohenKappa(pairs);
    expect(result).toMatchObject({ observed: 0.7, expected: 0.5, n: 50 });
    expect(result.kappa).toBeCloseTo(0.4, 12);
  });

  it("handles more than two categories", () => {
    // agreements 4 of 6; first rater a2 b2 c2, second a2 b3 c1: n²·p_e = 4+6+2 = 12;
    // kappa = (6*4 - 12) / (36 - 12) = 0.5
    const result = cohenKappa([["a", "a"], ["a", "b"], ["b", "b"], ["c", "c"], ["c", "a"], ["b", "b"]]);
    expect(result.kappa).toBe(0.5);
  });

  it("is 1 for perfect agreement and 0 when raters never agree by more than chance", () => {
    expect(cohenKappa([[true, true], [false, false]]).kappa).toBe(1);
    expect(cohenKappa([[true, false], [true, false]]).kappa).toBe(0);
  });

  it("is undefined, with a reason, when both raters are constant and equal", () => {
    const result = cohenKappa(repeat([true, true], 8));
    expect(result.kappa).toBeNull();
    expect(result).toMatchObject({ n: 8, reason: expect.stringMatching(/chance is 1/) });
    expect(cohenKappa([])).toMatchObject({ kappa: null, n: 0 });
  });
});

import { describe, expect, it } from "vitest";
import { contentWordOverlap, stem } from "./text";

describe("stem", () => {
  it("meets inflected forms at one stem", () => {
    expect(new Set(["run", "runs", "running"].map(stem))).toEqual(new Set(["run"]));
    expect(stem("libraries")).toBe(stem("library"));
    expect(stem("merged")).toBe(stem("merges"));
  });
});

describe("contentWordOverlap", () => {
  it("counts the question's content words found in the evidence, stop words aside", () => {
    const o = contentWordOverlap("Why does the garbage collector run so early?", "Python tries to collect garbage as soon as it can; collectors running early save memory.");
    // garbage, collector, run, early: all four occur (collectors, running).
    expect(o).toMatchObject({ total: 4, fraction: 1 });
    expect(contentWordOverlap("Which medieval puzzle about breeding animals?", "Fibonacci's rabbits").fraction).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { collectionName, learnerPrefix, validateCollectionName } from "./names";

describe("collection names", () => {
  it("makes one name per learner, corpus, config and model", () => {
    expect(
      collectionName({ learner: "Bob", corpus: "google_talks", configHash: "AB12cd", modelId: "energetic-ai/USE-Lite" }),
    ).toBe("l_bob__google-talks__ab12cd__energetic-ai-use-lite");
  });

  it("starts every collection of a learner with that learner's prefix only", () => {
    const name = collectionName({ learner: "bobby", corpus: "c", configHash: "h", modelId: "m" });
    expect(name.startsWith(learnerPrefix("bobby"))).toBe(true);
    expect(name.startsWith(learnerPrefix("bob"))).toBe(false);
  });

  it("shortens long parts with a hash so long model ids stay distinct and names stay valid", () => {
    const key = { learner: "x".repeat(200), corpus: "y".repeat(200), configHash: "f".repeat(64) };
    const a = collectionName({ ...key, modelId: `${"m".repeat(100)}-one` });
    const b = collectionName({ ...key, modelId: `${"m".repeat(100)}-two` });
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(120);
    expect(validateCollectionName(a)).toBe(a);
  });

  it("rejects invalid names and parts without letters or digits", () => {
    for (const bad of ["", "Upper", "1abc", "has space", "semi;colon", "x".repeat(121)]) {
      expect(() => validateCollectionName(bad)).toThrow(/invalid collection name/);
    }
    expect(() => collectionName({ learner: "!!!", corpus: "c", configHash: "h", modelId: "m" })).toThrow(/learner/);
  });
});

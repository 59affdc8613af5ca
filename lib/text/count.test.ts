import { describe, expect, it } from "vitest";
import { count } from "./count";

describe("count", () => {
  it("puts the noun in the singular for one only", () => {
    expect(count(1, "configuration")).toBe("1 configuration");
    expect(count(0, "configuration")).toBe("0 configurations");
    expect(count(1200, "query", "queries")).toBe("1,200 queries");
  });
});

import { describe, expect, it, vi } from "vitest";
import { isLabError, isLabErrorCode, LabError, labErrorStatus } from ".";

describe("LabError", () => {
  it("maps user errors to 4xx, upstream failures to 5xx, and keeps its code's status", () => {
    expect(new LabError("bad_input", "x").status).toBe(400);
    expect(new LabError("write_refused", "x").status).toBe(422);
    expect(new LabError("rate_limited", "x").status).toBe(429);
    expect(new LabError("refused", "x").status).toBe(502);
    expect(labErrorStatus("not_configured")).toBe(503);
  });

  it("is recognised across copies of this module (a bundle can load it twice), and nothing else is", async () => {
    vi.resetModules();
    const copy = await import(".");
    expect(copy.LabError).not.toBe(LabError);
    const other = new copy.LabError("forbidden", "no");
    expect(other).not.toBeInstanceOf(LabError);
    expect(isLabError(other)).toBe(true);
    expect(isLabError(Object.assign(new Error("no"), { code: "forbidden" }))).toBe(false);
    expect(isLabError(null)).toBe(false);
  });

  it("knows its codes and no others, inherited names included", () => {
    expect(isLabErrorCode("timeout")).toBe(true);
    for (const code of ["internal", "toString", "__proto__", 404, undefined]) expect(isLabErrorCode(code)).toBe(false);
  });
});

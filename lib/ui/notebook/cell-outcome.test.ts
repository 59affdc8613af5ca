import { describe, expect, it } from "vitest";
import type { CellOutput } from "@/lib/kernel/outputs";
import { settle } from "./cell-outcome";

const failed = (name: string, message = "", code?: string): CellOutput[] => [{ kind: "error", name, message, ...(code ? { code } : {}) }];

describe("settle", () => {
  it("counts a cell meant to fail as run only when it fails with that error and message", () => {
    const cell = { expect: { error: "TypeError", match: "toFixed" } };
    expect(settle(cell, "error", failed("TypeError", "Cannot read properties of undefined (reading 'toFixed')")).status).toBe("done");
    expect(settle(cell, "error", failed("TypeError", "x is not a function")).status).toBe("error");
    expect(settle(cell, "error", failed("RangeError", "toFixed")).status).toBe("error");
    const succeeded = settle(cell, "done", []);
    expect(succeeded.status).toBe("error");
    expect(succeeded.add).toMatchObject([{ kind: "error", name: "ExpectedError", message: expect.stringContaining("meant to fail with TypeError") }]);
  });

  it("counts an expected time limit as run, but never a press of Stop", () => {
    const cell = { expect: { error: "Timeout" } };
    expect(settle(cell, "timeout", failed("Timeout")).status).toBe("done");
    expect(settle(cell, "stopped", failed("Stopped")).status).toBe("error");
  });

  it("tells a cell that needs a chat model from one that failed", () => {
    expect(settle({}, "error", failed("LabApiError", "No chat model is configured", "not_configured")).status).toBe("needs-model");
    expect(settle({}, "error", failed("LabApiError", "Upstream said no", "bad_gateway")).status).toBe("error");
    expect(settle({}, "done", []).status).toBe("done");
    expect(settle({}, "timeout", failed("Timeout")).status).toBe("error");
  });
});

import { describe, expect, it } from "vitest";
import { CellSyntaxError, prepareCell } from "./prepare-cell";

const AsyncFunction = (async () => {}).constructor as new (body: string) => () => Promise<unknown>;

/** Runs prepared cells in sequence on the real global object, like the worker does. */
async function runCells(...cells: string[]): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const code of cells) {
    const { body, names } = prepareCell(code, "ts");
    for (const n of names) if (!(n in globalThis)) Reflect.set(globalThis, n, undefined);
    results.push(await new AsyncFunction(body)());
  }
  return results;
}

describe("prepareCell", () => {
  it("shares top-level declarations with later cells", async () => {
    const [, second] = await runCells("const k1: number = 2; let k2 = 3", "k1 * k2");
    expect(second).toBe(6);
  });

  it("shows a cell that ends with a string literal, which JavaScript would read as a directive", async () => {
    const [alone, after] = await runCells('"just text"', "const k20 = 1;\n'k20 is set'");
    expect([alone, after]).toEqual(["just text", "k20 is set"]);
  });

  it("keeps preparing cells after a cell polluted Object.prototype", async () => {
    const [, value] = await runCells("Object.prototype.isAdmin = true", "const k21: number = 2; k21 * 3").finally(() => {
      delete (Object.prototype as Record<string, unknown>).isAdmin;
    });
    expect(value).toBe(6);
  });

  it("lets a re-run redefine a const", async () => {
    const [, , value] = await runCells("const k3 = 1", "const k3 = 5", "k3");
    expect(value).toBe(5);
  });

  it("supports destructuring, functions, classes and top-level await", async () => {
    const [, value] = await runCells(
      "const { k4, k5: [k6] } = { k4: 1, k5: [2] };\nfunction k7() { return k4 + k6 }\nclass K8 { v = 10 }\nconst k9 = await Promise.resolve(100)",
      "k7() + new K8().v + k9",
    );
    expect(value).toBe(113);
  });

  it("returns the value of a final expression only", async () => {
    const [a, b] = await runCells("1 + 1", "const k10 = 1");
    expect(a).toBe(2);
    expect(b).toBeUndefined();
  });

  it("keeps line numbers so errors point at the learner's line", () => {
    const { body } = prepareCell("const a: string = 'x'\ninterface P { q: number }\n\nnull!.boom", "ts");
    expect(body.split("\n")).toHaveLength(4);
    expect(body.split("\n")[3]).toContain("boom");
  });

  it("reports syntax errors with their line", () => {
    expect(() => prepareCell("const ok = 1\nconst = 2", "ts")).toThrow(CellSyntaxError);
    // Caught by hand to read the line; an unthrown error fails the instanceof check.
    const error = (() => {
      try {
        prepareCell("const ok = 1\nlet x = ;", "js");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CellSyntaxError);
    expect((error as CellSyntaxError).line).toBe(2);
  });

  it("refuses imports with a helpful message", () => {
    expect(() => prepareCell("import fs from 'node:fs'", "ts")).toThrow(/cannot import/);
  });
});

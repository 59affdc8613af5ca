import fs from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { LAB_DTS, labDts } from "./lab-dts";

/** Type errors in `cell` when compiled as a script against `declarations`, as Monaco sees a cell. */
function diagnostics(declarations: string, cell: string): string[] {
  const files = new Map([["/lab.d.ts", declarations], ["/cell.ts", cell]]);
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts", "lib.dom.d.ts"], types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (files.has(name) ? ts.createSourceFile(name, files.get(name)!, version) : read(name, version));
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

describe("public/lab.d.ts", () => {
  it("is what the contracts and lib/sdk/types.ts generate (npm run prepare-assets writes it)", async () => {
    expect(fs.readFileSync(LAB_DTS, "utf8")).toBe(await labDts());
  });

  it("compiles on its own, and types a cell's calls with the routes' own shapes", async () => {
    const dts = await labDts();
    expect(diagnostics(dts, "export {};")).toEqual([]);
    const cell = `async function f() { const job: JobRecord = await lab.jobs.follow("id") as JobRecord; const s: "queued" | "running" | "done" | "failed" | "cancelled" = job.status; return s; }\nexport { f };`;
    expect(diagnostics(dts, cell)).toEqual([]);
    expect(diagnostics(dts, `const n: number = ({} as JobRecord).status;\nexport {};`).join("\n")).toMatch(/not assignable to type 'number'/);
  });
});

import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// `server-only` throws outside Next's server build, and vitest aliases it to an
// empty module, so a unit test cannot notice when the CLI starts loading one of
// those modules. This walks the run-time imports of everything that runs under
// plain Node (the CLI, bench, scripts, Playwright specs) and fails on any.
const root = path.resolve(import.meta.dirname, "..");
const nodeEntries = ["lib/cli/main.ts", ...["bench", "scripts", "e2e", "e2e/support"].flatMap((dir) =>
  fs.readdirSync(path.join(root, dir)).filter((f) => /\.(ts|mjs)$/.test(f) && !f.endsWith(".test.ts")).map((f) => `${dir}/${f}`))];

function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const specs: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = ts.isImportDeclaration(node) ? node.importClause : undefined;
      const named = clause?.namedBindings;
      const typeOnly = ts.isExportDeclaration(node) ? node.isTypeOnly
        : !!clause && (clause.isTypeOnly || (!clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) specs.push(node.moduleSpecifier.text);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) specs.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specs;
}

function resolveLocal(from: string, spec: string): string | null {
  const base = spec.startsWith("@/") ? path.join(root, spec.slice(2)) : spec.startsWith(".") ? path.resolve(path.dirname(from), spec) : null;
  if (!base) return null;
  for (const ext of ["", ".ts", ".tsx", ".mjs", "/index.ts"]) if (fs.existsSync(base + ext) && fs.statSync(base + ext).isFile()) return base + ext;
  return null;
}

describe("server-only", () => {
  it("is imported by no module that the CLI, bench, scripts or e2e specs load", () => {
    const seen = new Map<string, string>(); // module -> the module that first imported it
    const stack: [string, string][] = nodeEntries.map((e) => [path.join(root, e), "(entry)"]);
    const offenders: string[] = [];
    while (stack.length) {
      const [file, via] = stack.pop()!;
      if (seen.has(file)) continue;
      seen.set(file, via);
      for (const spec of runtimeImports(file)) {
        if (spec === "server-only") offenders.push(`${path.relative(root, file)} (imported by ${via})`);
        const next = resolveLocal(file, spec);
        if (next) stack.push([next, path.relative(root, file)]);
      }
    }
    expect(seen.size).toBeGreaterThan(50); // the walk really followed the CLI's imports
    expect(offenders).toEqual([]);
  });
});

import { parse, type Node, type Pattern, type Program, type Statement, type ModuleDeclaration } from "acorn";
import MagicString from "magic-string";
import { transform } from "sucrase";

/** A cell's code that cannot run, with the line (in the cell) to point at. */
export class CellSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = "SyntaxError";
  }
}

export interface PreparedCell {
  /** Body for an AsyncFunction; line N of the cell stays on line N. */
  body: string;
  /** Top-level names the cell declares; they become kernel globals. */
  names: string[];
}

/**
 * Turns a cell into a function body that behaves like a notebook cell:
 * top-level declarations become globals visible to later cells (re-running
 * redefines them), top-level await works, and the value of a final
 * expression is returned for display. Edits never add or remove newlines,
 * so runtime errors map straight back to the learner's line numbers.
 */
export function prepareCell(source: string, kind: "ts" | "js"): PreparedCell {
  const js = kind === "ts" ? stripTypes(source) : source;
  const program = parseModule(js);
  const out = new MagicString(js);
  const names: string[] = [];
  const hoisted: string[] = [];

  program.body.forEach((stmt, i) => {
    const isLast = i === program.body.length - 1;
    rewriteStatement(stmt, isLast, out, names, hoisted);
  });

  // Function declarations stay hoisted locally; publish them before anything runs.
  if (hoisted.length) out.prepend(hoisted.map((n) => `globalThis.${n} = ${n};`).join(" ") + " ");
  return { body: out.toString(), names: [...names, ...hoisted] };
}

function stripTypes(source: string): string {
  try {
    // sucrase checks its options for unknown keys with for…in: a null prototype keeps a cell's
    // `Object.prototype.x = …` from making every later cell fail that check.
    const options = Object.assign(Object.create(null) as object, { transforms: ["typescript"], disableESTransforms: true, keepUnusedImports: true });
    return transform(source, options as Parameters<typeof transform>[1]).code;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const loc = /\((\d+):(\d+)\)/.exec(message);
    throw new CellSyntaxError(message.replace(/\s*\(\d+:\d+\)$/, ""), loc ? Number(loc[1]) : undefined, loc ? Number(loc[2]) + 1 : undefined);
  }
}

function parseModule(js: string): Program {
  try {
    return parse(js, {
      ecmaVersion: "latest",
      sourceType: "module",
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
      locations: true,
    });
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number } };
    throw new CellSyntaxError(err.message.replace(/\s*\(\d+:\d+\)$/, ""), err.loc?.line, err.loc ? err.loc.column + 1 : undefined);
  }
}

function rewriteStatement(
  stmt: Statement | ModuleDeclaration,
  isLast: boolean,
  out: MagicString,
  names: string[],
  hoisted: string[],
): void {
  switch (stmt.type) {
    case "ImportDeclaration":
    case "ExportNamedDeclaration":
    case "ExportDefaultDeclaration":
    case "ExportAllDeclaration":
      throw new CellSyntaxError(
        "Cells cannot import or export modules: `lab` and your earlier cells' names are already in scope.",
        stmt.loc?.start.line,
      );
    case "VariableDeclaration": {
      // `const a = 1, {b} = o` → `;a = 1, ({b} = o)`: assignments to kernel globals.
      out.overwrite(stmt.start, stmt.declarations[0].start, ";");
      for (const d of stmt.declarations) {
        collectNames(d.id, names);
        if (d.id.type !== "Identifier") {
          out.prependLeft(d.start, "(");
          out.appendRight(d.end, d.init ? ")" : " = undefined)");
        } else if (!d.init) {
          out.appendRight(d.end, " = undefined");
        }
      }
      return;
    }
    case "FunctionDeclaration":
      if (stmt.id) hoisted.push(stmt.id.name);
      return;
    case "ClassDeclaration":
      if (stmt.id) {
        names.push(stmt.id.name);
        out.prependLeft(stmt.start, `;${stmt.id.name} = `);
      }
      return;
    case "ExpressionStatement":
      // A cell that ends with a string literal shows it, even though JavaScript would read it as a directive.
      if (isLast) {
        out.prependLeft(stmt.expression.start, "return (");
        out.appendRight(stmt.expression.end, ")");
      }
      return;
    default:
      return;
  }
}

function collectNames(pattern: Pattern | Node, names: string[]): void {
  const p = pattern as Pattern;
  switch (p.type) {
    case "Identifier":
      names.push(p.name);
      return;
    case "ObjectPattern":
      for (const prop of p.properties) collectNames(prop.type === "RestElement" ? prop.argument : prop.value, names);
      return;
    case "ArrayPattern":
      for (const el of p.elements) if (el) collectNames(el, names);
      return;
    case "RestElement":
      collectNames(p.argument, names);
      return;
    case "AssignmentPattern":
      collectNames(p.left, names);
      return;
    default:
      return;
  }
}

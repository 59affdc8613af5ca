/**
 * A small Cypher lexer for checking generated queries against the schema.
 * The read-only gate (lib/graph/cypher-guard.ts) has its own tokenizer but
 * keeps it private; this one only needs offsets (to rewrite arrows) and the
 * difference between bare words and quoted names, strings and comments.
 */

export interface CypherToken {
  /** `name` is a backquoted identifier, with `text` unquoted. */
  kind: "word" | "name" | "string" | "number" | "param" | "punct";
  text: string;
  start: number;
  end: number;
}

const TOKEN =
  /(\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|`((?:[^`]|``)*)`|(\$[\p{L}\p{N}_]+)|([\p{L}_][\p{L}\p{N}_]*)|(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(\.\.|[\s\S])/uy;

/** Never throws: malformed input becomes punctuation, and the engine reports the syntax error. */
export function tokenizeCypher(cypher: string): CypherToken[] {
  const tokens: CypherToken[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < cypher.length && (m = TOKEN.exec(cypher))) {
    const [whole, skip, str, quoted, param, word, num] = m;
    const at = { start: m.index, end: m.index + whole.length };
    if (skip !== undefined) continue;
    if (str !== undefined) tokens.push({ kind: "string", text: str, ...at });
    else if (quoted !== undefined) tokens.push({ kind: "name", text: quoted.replaceAll("``", "`"), ...at });
    else if (param !== undefined) tokens.push({ kind: "param", text: param, ...at });
    else if (word !== undefined) tokens.push({ kind: "word", text: word, ...at });
    else if (num !== undefined) tokens.push({ kind: "number", text: num, ...at });
    else tokens.push({ kind: "punct", text: whole, ...at });
  }
  return tokens;
}

export const isIdentifier = (t: CypherToken | undefined): t is CypherToken => t?.kind === "word" || t?.kind === "name";

/** Clauses that change data or reach outside the graph: what the read-only gate exists to refuse. */
const REFUSED_CLAUSES = new Set([
  "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "FOREACH",
  "CALL", "LOAD", "COPY", "INSTALL", "ATTACH", "USE", "IMPORT", "EXPORT",
]);

/**
 * Whether the query contains a clause the read-only gate refuses on purpose.
 * The gate is an allowlist, so it also refuses a misspelt keyword (RETRN):
 * this tells a write attempt from a typo.
 */
export function hasRefusedClause(cypher: string): boolean {
  const tokens = tokenizeCypher(cypher);
  return tokens.some(
    (t, i) =>
      t.kind === "word" &&
      REFUSED_CLAUSES.has(t.text.toUpperCase()) &&
      ![".", ":"].includes(tokens[i - 1]?.text ?? "") &&
      tokens[i + 1]?.text !== ":",
  );
}

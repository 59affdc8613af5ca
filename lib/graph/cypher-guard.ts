import { LabError } from "@/lib/errors";

/**
 * Read-only gate for learner Cypher on the shared graph. It is an allowlist:
 * every bare word that sits where a clause (or an operator keyword) must
 * start has to be one of the read keywords below, so a clause we did not
 * think of (CREATE, CALL, LOAD FROM, COPY, ATTACH, INSTALL, FOREACH, USE, a
 * future one...) is refused because it is not listed, not because it is
 * listed as bad. Words in identifier positions (after `.`, `:`, `AS`, before
 * `:`, backquoted, parameters) and everything inside strings and comments are
 * never treated as keywords, so `n.set`, `{create: 1}` and 'CREATE' pass.
 *
 * It is a lexical gate, not a parser: it only has to make sure no write
 * clause can start; the engine still reports ordinary syntax errors.
 */

interface Token {
  /** operand: a literal, a parameter or a `quoted name`. */
  kind: "word" | "operand" | "punct";
  text: string;
  line: number;
  column: number;
}

/** What the next bare word may be. */
type Expect = "keyword" | "operand" | "identifier";

/**
 * The read keywords, each with what may follow it: an operand (identifier or
 * expression), another keyword (OPTIONAL MATCH, ORDER BY, IS NULL...), or an
 * identifier (an alias). NULL, END, DESC... end an operand like a name does.
 */
const KEYWORDS: Record<string, Expect> = {
  MATCH: "operand", WHERE: "operand", WITH: "operand", RETURN: "operand", UNWIND: "operand",
  SKIP: "operand", LIMIT: "operand", BY: "operand", DISTINCT: "operand", ALL: "operand",
  AND: "operand", OR: "operand", XOR: "operand", NOT: "operand", IN: "operand", CONTAINS: "operand",
  CASE: "operand", WHEN: "operand", THEN: "operand", ELSE: "operand",
  EXISTS: "operand", COUNT: "operand", COLLECT: "operand", ANY: "operand", NONE: "operand", SINGLE: "operand",
  UNION: "keyword", OPTIONAL: "keyword", ORDER: "keyword", STARTS: "keyword", ENDS: "keyword", IS: "keyword",
  NULL: "keyword", TRUE: "keyword", FALSE: "keyword", END: "keyword",
  ASC: "keyword", ASCENDING: "keyword", DESC: "keyword", DESCENDING: "keyword",
  AS: "identifier",
};
/** Only valid inside CASE ... END: Cypher 25 also has top-level `WHEN ... THEN <any clause>`. */
const CASE_ONLY = new Set(["WHEN", "THEN", "ELSE", "END"]);
/** Keywords whose `{` opens a subquery, where clauses start again. */
const SUBQUERY = new Set(["EXISTS", "COUNT", "COLLECT"]);

const WORD = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NUMBER = /0x[0-9a-fA-F_]+|0o[0-7_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?/y;
const PARAM = /\$(?:[\p{L}_][\p{L}\p{N}_]*|\d+|`(?:[^`]|``)*`)/uy;
const PUNCT = /\.\.|::|<>|<=|>=|=~|\+=|[()[\]{}.,:;|*+\-/%^=<>&!]/y;

function refuse(what: string, t: { line: number; column: number }): never {
  throw new LabError(
    "forbidden",
    `Only read queries are allowed on the shared graph: found ${what} at line ${t.line}, column ${t.column}`,
  );
}

function syntax(message: string, line: number, column: number): never {
  throw new LabError("bad_input", `Cypher error: ${message} at line ${line}, column ${column}`);
}

/** Splits Cypher into tokens, dropping whitespace and comments. */
function tokenizeCypher(cypher: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const advance = (to: number) => {
    for (let k = i; k < to; k++) {
      if (cypher[k] === "\n") {
        line++;
        lineStart = k + 1;
      }
    }
    i = to;
  };
  const match = (re: RegExp): string | null => {
    re.lastIndex = i;
    const m = re.exec(cypher);
    return m ? m[0] : null;
  };

  while (i < cypher.length) {
    const c = cypher[i];
    const pos = { line, column: i - lineStart + 1 };
    if (/\s/.test(c)) {
      advance(i + 1);
    } else if (cypher.startsWith("//", i)) {
      const end = cypher.indexOf("\n", i);
      advance(end === -1 ? cypher.length : end);
    } else if (cypher.startsWith("/*", i)) {
      const end = cypher.indexOf("*/", i + 2);
      if (end === -1) syntax("unterminated comment", pos.line, pos.column);
      advance(end + 2);
    } else if (c === "'" || c === '"') {
      let k = i + 1;
      while (k < cypher.length && cypher[k] !== c) k += cypher[k] === "\\" ? 2 : 1;
      if (k >= cypher.length) syntax("unterminated string", pos.line, pos.column);
      tokens.push({ kind: "operand", text: cypher.slice(i, k + 1), ...pos });
      advance(k + 1);
    } else if (c === "`") {
      let k = i + 1;
      while (k < cypher.length && (cypher[k] !== "`" || cypher[k + 1] === "`")) k += cypher[k] === "`" ? 2 : 1;
      if (k >= cypher.length) syntax("unterminated `quoted name`", pos.line, pos.column);
      tokens.push({ kind: "operand", text: cypher.slice(i, k + 1), ...pos });
      advance(k + 1);
    } else {
      const word = match(WORD);
      const operand = word ? null : (match(NUMBER) ?? match(PARAM));
      const punct = word || operand ? null : match(PUNCT);
      const text = word ?? operand ?? punct;
      if (!text) syntax(`unexpected character ${JSON.stringify(c)}`, pos.line, pos.column);
      tokens.push({ kind: word ? "word" : operand ? "operand" : "punct", text, ...pos });
      advance(i + text.length);
    }
  }
  return tokens;
}

/** The tokens of a single statement (one trailing `;` allowed). */
function singleStatement(cypher: string): Token[] {
  const tokens = tokenizeCypher(cypher);
  const semicolon = tokens.findIndex((t) => t.text === ";");
  if (semicolon !== -1 && semicolon !== tokens.length - 1) {
    refuse("a second statement after ';' (send one statement at a time)", tokens[semicolon + 1]);
  }
  const body = semicolon === -1 ? tokens : tokens.slice(0, -1);
  if (body.length === 0) throw new LabError("bad_input", "Cypher error: the query is empty");
  return body;
}

/**
 * Clauses that reach outside a learner's scratch database: files (COPY,
 * LOAD FROM, EXPORT/IMPORT DATABASE), extensions (INSTALL, LOAD EXTENSION),
 * other databases (ATTACH, DETACH DATABASE, USE) and procedures (CALL).
 */
const OUTSIDE_SCRATCH = new Set(["COPY", "LOAD", "INSTALL", "ATTACH", "DETACH", "USE", "EXPORT", "IMPORT", "CALL"]);

/**
 * A learner's own scratch graph takes reads, writes and schema changes, one
 * statement at a time, but nothing that touches the server beyond it.
 */
export function assertScratchCypher(cypher: string): void {
  const body = singleStatement(cypher);
  body.forEach((t, i) => {
    if (t.kind !== "word" || body[i - 1]?.text === "." || body[i + 1]?.text === ":") return; // property or map key
    const upper = t.text.toUpperCase();
    if (upper === "DETACH" && body[i + 1]?.text.toUpperCase() === "DELETE") return;
    if (OUTSIDE_SCRATCH.has(upper)) {
      throw new LabError("forbidden", `Your scratch graph accepts reads, writes and schema changes, but not ${upper}, which reaches outside it: line ${t.line}, column ${t.column}`);
    }
  });
}

/** Throws a LabError unless `cypher` is a single read-only statement. */
export function assertReadOnlyCypher(cypher: string): void {
  const body = singleStatement(cypher);

  const brackets: { open: string; subquery: boolean }[] = [];
  let expect: Expect = "keyword";
  let prevKeyword = "";
  let openCases = 0;

  body.forEach((t, index) => {
    let keyword = "";
    if (t.kind === "word") {
      const upper = t.text.toUpperCase();
      if (expect === "identifier" || body[index + 1]?.text === ":") {
        expect = "keyword"; // property, label, alias, map key or `var:Label`
      } else if (Object.hasOwn(KEYWORDS, upper)) {
        if (CASE_ONLY.has(upper) && openCases === 0) refuse(`${upper} outside CASE ... END`, t);
        openCases += upper === "CASE" ? 1 : upper === "END" ? -1 : 0;
        keyword = upper;
        // UNION ALL / UNION DISTINCT start a new query; elsewhere they prefix an expression.
        expect = prevKeyword === "UNION" && (upper === "ALL" || upper === "DISTINCT") ? "keyword" : KEYWORDS[upper];
      } else if (expect === "keyword") {
        refuse(upper, t);
      } else {
        expect = "keyword"; // variable or function name
      }
    } else if (t.kind === "operand") {
      expect = "keyword";
    } else {
      expect = punctuation(t, expect, brackets, prevKeyword);
    }
    prevKeyword = keyword;
  });
  const last = body[body.length - 1];
  if (brackets.length > 0) syntax(`unclosed '${brackets[brackets.length - 1].open}'`, last.line, last.column);
}

function punctuation(
  t: Token,
  expect: Expect,
  brackets: { open: string; subquery: boolean }[],
  prevKeyword: string,
): Expect {
  switch (t.text) {
    case "(":
    case "[":
      brackets.push({ open: t.text, subquery: false });
      return "operand";
    case "{": {
      const subquery = SUBQUERY.has(prevKeyword);
      brackets.push({ open: "{", subquery });
      return subquery ? "keyword" : "operand";
    }
    case ")":
    case "]":
    case "}": {
      const open = brackets.pop()?.open;
      if (open !== { ")": "(", "]": "[", "}": "{" }[t.text]) syntax(`unbalanced '${t.text}'`, t.line, t.column);
      return "keyword";
    }
    case ".":
    case "::":
      return "identifier";
    case ":": {
      // In a map literal `:` separates key and value; elsewhere a label or type follows.
      const inner = brackets[brackets.length - 1];
      return inner?.open === "{" && !inner.subquery ? "operand" : "identifier";
    }
    case "*":
      // `RETURN *`, `count(*)`, `[*1..3]` end an operand; `a * b` is multiplication.
      return expect === "keyword" ? "operand" : "keyword";
    default:
      return "operand";
  }
}

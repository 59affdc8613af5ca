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
 * It is a lexical gate, not a parser, and the first line only: it makes
 * sure no write clause can start and refuses by name the clauses that reach
 * outside the graph, so the engine never plans them. Whether a query may run
 * is then decided from the engine's own plan (plan-check.ts); the engine
 * still reports ordinary syntax errors.
 */

export interface Token {
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

/*
 * The tokens below follow LadybugDB's lexer (src/antlr4/Cypher.g4) rule by
 * rule, because a gate that splits text differently from the engine can be
 * walked around: issue 12's query was one comment and one string literal to
 * the old lexer, and a comment, a statement and a line comment to the engine.
 */

/** WHITESPACE in the grammar; not JavaScript's \s (which has U+FEFF but lacks U+180E and U+001C-U+001F). */
const SPACE = /[ \t\n\v\f\r\u001C-\u001F\u00A0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;
/** UnescapedSymbolicName: IdentifierStart (ID_Start | Pc), then ID_Continue | Sc. */
const WORD = /[\p{ID_Start}\p{Pc}][\p{ID_Continue}\p{Sc}]*/uy;
/** ExponentDecimalReal | RegularDecimalReal | DecimalInteger, longest first (`07` is two tokens). */
const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)[eE]-?\d+|\d*\.\d+|0|[1-9]\d*/y;
const PARAM = /\$(?:[\p{ID_Start}\p{Pc}][\p{ID_Continue}\p{Sc}]*|0|[1-9]\d*)/uy;
/** Operators, with the grammar's Unicode arrow heads and dashes. */
const PUNCT = /\.\.|::|<>|<=|>=|=~|\+=|[()[\]{}.,:;|*+\-/%^=<>&!$\u27e8\u3008\ufe64\uff1c\u27e9\u3009\ufe65\uff1e\u00ad\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/y;
const HEX = /^[0-9a-fA-F]+$/;

function refuse(what: string, t: { line: number; column: number }): never {
  throw new LabError(
    "forbidden",
    `Only read queries are allowed on the shared graph: found ${what} at line ${t.line}, column ${t.column}`,
  );
}

function syntax(message: string, line: number, column: number): never {
  throw new LabError("bad_input", `Cypher error: ${message} at line ${line}, column ${column}`);
}

/**
 * Where a block comment that opens at `from` ends, or -1. The grammar's body
 * is `( ~'*' | '*' ~'/' )*`: a star takes the next character with it, so in
 * `**` `/` the second star belongs to the first and the slash does not close.
 */
function blockCommentEnd(cypher: string, from: number): number {
  for (let k = from + 2; k < cypher.length; ) {
    if (cypher[k] !== "*") k++;
    else if (cypher[k + 1] === "/") return k + 2;
    else k += 2;
  }
  return -1;
}

/**
 * Where a line comment that opens at `from` ends, or -1 when it is no comment:
 * the grammar's `'//' ~[\n\r]* '\r'? ('\n' | EOF)` fails on a lone CR, and
 * the engine then reads `/` and lexes on from the second slash.
 */
function lineCommentEnd(cypher: string, from: number): number {
  let k = from + 2;
  while (k < cypher.length && cypher[k] !== "\n" && cypher[k] !== "\r") k++;
  if (cypher[k] === "\r") k++;
  if (k >= cypher.length) return cypher.length;
  return cypher[k] === "\n" ? k + 1 : -1;
}

/** The length of the escape at `at` (a backslash) in a string literal, or 0 if the engine would not lex it. */
function escapeLength(cypher: string, at: number): number {
  const c = cypher[at + 1] ?? "";
  if (c && "\\'\"bBfFnNrRtT".includes(c)) return 2;
  const hex = (n: number) => HEX.test(cypher.slice(at + 2, at + 2 + n)) && cypher.slice(at + 2, at + 2 + n).length === n;
  if ((c === "x" || c === "X") && hex(2)) return 4;
  // The engine lexes \U with 4 digits but fails an assertion decoding it, and
  // decodes a \u surrogate into invalid UTF-8: neither is a character.
  if (c === "u" && hex(4) && !/^d[89ab]/i.test(cypher.slice(at + 2, at + 6))) return 6;
  if (c === "U" && hex(8) && Number.parseInt(cypher.slice(at + 2, at + 10), 16) <= 0x10ffff && !/^0000d[89ab]/i.test(cypher.slice(at + 2, at + 10))) return 10;
  return 0;
}

/** Splits Cypher into tokens as LadybugDB's lexer does, dropping whitespace and comments. */
export function tokenizeCypher(cypher: string): Token[] {
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
    if (SPACE.test(c)) {
      advance(i + 1);
    } else if (cypher.startsWith("//", i) && lineCommentEnd(cypher, i) !== -1) {
      advance(lineCommentEnd(cypher, i));
    } else if (cypher.startsWith("/*", i)) {
      const end = blockCommentEnd(cypher, i);
      // The engine would read `/` `*`, which never parses.
      if (end === -1) syntax("unterminated comment", pos.line, pos.column);
      advance(end);
    } else if (c === "'" || c === '"') {
      let k = i + 1;
      while (k < cypher.length && cypher[k] !== c) {
        if (cypher[k] !== "\\") k++;
        else {
          const n = escapeLength(cypher, k);
          if (n === 0) syntax(`invalid escape ${JSON.stringify(cypher.slice(k, k + 2))} in a string`, pos.line, pos.column);
          k += n;
        }
      }
      if (k >= cypher.length) syntax("unterminated string", pos.line, pos.column);
      tokens.push({ kind: "operand", text: cypher.slice(i, k + 1), ...pos });
      advance(k + 1);
    } else if (c === "`") {
      // ( '`' ~'`'* '`' )+ : `a``b` is one name.
      let k = i;
      while (cypher[k] === "`") {
        const close = cypher.indexOf("`", k + 1);
        if (close === -1) syntax("unterminated `quoted name`", pos.line, pos.column);
        k = close + 1;
      }
      if (k === i + 2) syntax("empty `quoted name`", pos.line, pos.column);
      tokens.push({ kind: "operand", text: cypher.slice(i, k), ...pos });
      advance(k);
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
 * Clauses refused by name on every graph, before the engine sees the text
 * (even EXPLAIN of some of them touches files): files (COPY, LOAD FROM,
 * EXPORT/IMPORT DATABASE), extensions (INSTALL, UNINSTALL, LOAD EXTENSION),
 * other databases (ATTACH, DETACH, USE), procedures and settings (CALL),
 * transactions and checkpoints, and EXPLAIN/PROFILE, because the lab runs
 * the plan itself. The plan check (plan-check.ts) stands behind this.
 */
const OUTSIDE_THE_GRAPH = new Set([
  "COPY", "LOAD", "EXPORT", "IMPORT", "INSTALL", "UNINSTALL", "ATTACH", "DETACH", "USE", "CALL",
  "BEGIN", "COMMIT", "ROLLBACK", "CHECKPOINT", "EXPLAIN", "PROFILE",
]);

/** The first of those clause words, outside property names and map keys (`n.copy`, `{load: 1}`). */
function clauseOutsideTheGraph(body: Token[]): Token | undefined {
  return body.find((t, i) => {
    if (t.kind !== "word" || body[i - 1]?.text === "." || body[i + 1]?.text === ":") return false;
    const upper = t.text.toUpperCase();
    return OUTSIDE_THE_GRAPH.has(upper) && !(upper === "DETACH" && body[i + 1]?.text.toUpperCase() === "DELETE");
  });
}

/**
 * A learner's own scratch graph takes reads, writes and schema changes, one
 * statement at a time, but nothing that touches the server beyond it.
 */
export function assertScratchCypher(cypher: string): void {
  const t = clauseOutsideTheGraph(singleStatement(cypher));
  if (t) {
    throw new LabError(
      "forbidden",
      `Your scratch graph accepts reads, writes and schema changes, but not ${t.text.toUpperCase()}, which reaches outside it: line ${t.line}, column ${t.column}`,
    );
  }
}

/** Throws a LabError unless `cypher` is a single read-only statement. */
export function assertReadOnlyCypher(cypher: string): void {
  const body = singleStatement(cypher);
  const outside = clauseOutsideTheGraph(body);
  if (outside) refuse(outside.text.toUpperCase(), outside);

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

import { Connection, Database } from "@ladybugdb/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/random/seeded";
import { tokenizeCypher, type Token } from "./cypher-guard";

/**
 * The guard's lexer against the real engine on seeded generated queries
 * `RETURN <a> <fragment> <b>`: from the tokens alone the test predicts either
 * an error or the exact columns and values, and the engine must agree. A
 * lexer that ends a comment or a string where the engine does not predicts
 * different values (or none) and fails here with the query shown.
 *
 * The generator holds only literals, comments, quotes, whitespace and the
 * operators * and /, never a function call: the built-ins that crash
 * LadybugDB 0.19.1 cannot occur, so the engine runs in this process.
 */

const QUERIES = 20_000;
const SEED = 0x5eed12;


const PIECES = [
  "/*", "*/", "**/", "*/*", "/**/", "***/", "//", "/", "*", " * ", " / ",
  "'", '"', "`", "\\'", '\\"', "\\\\", "\\n", "\\u0041", "\\x41", "\\q",
  "'s'", '"d"', "'/*'", '"*/"', "'//'", "`/*`", "`x`", "`a``b`", "/* ' */", '/* " */', "/* ` */", "// '",
  ", ", ",", " , 5", ", 'c'", "1", "x", "// x\r", "//*\r",
  " ", "\n", "\r", "\r\n", "\t", "\u2028", "\u2029", "\u00a0", "\u180e", "\ufeff", "\u0085", "\u001c",
];
/** Pieces that close what they open and mean nothing, so the queries that keep them valid compare values. */
const NOISE = ["/* a */", "/* **/ ' */", "/***/ */", "/* '\u2028' */", "// x\n", "// '\r\n", "//\u2028*/\n", "\u2029", " ", "\u180e", "\t"];
/** What lets <a> and <b> stand in one valid RETURN. */
const SEPARATORS = [
  ",", " * ", " / ", " */* c */ ", " //* \r */ ", "/**/,", ", 7,",
  ", 'it\\'s',", ', "q\\"q",', ", 'a/*b',", ", '*/',", ', "//",', ", '\\u0041\\x41\\n',", ", `x`,",
  // Escapes the engine does not lex, or lexes and then fails on.
  ", 'a\\qb',", ", 'a\\U0041',", ', "\\x4",',
];

function generate(random: () => number): string {
  const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)];
  const a = 10 + Math.floor(random() * 90);
  const b = 10 + Math.floor(random() * 90);
  const pieces = Array.from({ length: Math.floor(random() * 6) }, () => pick(random() < 0.2 ? PIECES : NOISE));
  if (random() < 0.85) pieces.splice(Math.floor(random() * (pieces.length + 1)), 0, pick(SEPARATORS));
  return `RETURN ${a} ${pieces.join("")} ${b}`;
}

/** A string literal's value as the engine's transformer decodes it (`\x41` stays as written). */
function decode(literal: string): string {
  const body = literal.slice(1, -1);
  const simple: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[xX][0-9a-fA-F]{2}|.)/g, (all, e: string) => {
    if (e.length === 1) return simple[e.toLowerCase()] ?? e;
    if (e[0] === "x" || e[0] === "X") return all;
    return String.fromCodePoint(Number.parseInt(e.slice(1), 16));
  });
}

type Value = { name: string; value: number | string };
type Prediction = { error: true } | { error: false; columns: string[]; row: Record<string, unknown> };

/** What the tokens mean: a comma-separated list of number/string terms joined by * and /, or an error. */
function predict(cypher: string): Prediction {
  let tokens: Token[];
  try {
    tokens = tokenizeCypher(cypher);
  } catch {
    return { error: true };
  }
  if (tokens[0]?.text !== "RETURN") return { error: true };
  const term = (t: Token | undefined): Value | null => {
    if (t?.kind !== "operand") return null;
    if (/^\d+$/.test(t.text)) return { name: t.text, value: Number(t.text) };
    if (t.text[0] === "'" || t.text[0] === '"') return { name: decode(t.text), value: decode(t.text) };
    return null; // a `quoted name` or parameter: not in scope
  };
  const items: Value[] = [];
  let i = 1;
  while (true) {
    let left = term(tokens[i++]);
    if (!left) return { error: true };
    while (tokens[i]?.text === "*" || tokens[i]?.text === "/") {
      const op = tokens[i++].text;
      const right = term(tokens[i++]);
      if (!right || typeof left.value !== "number" || typeof right.value !== "number") return { error: true };
      const value: number = op === "*" ? left.value * right.value : Math.trunc(left.value / right.value);
      left = { name: `${op}(${left.name},${right.name})`, value };
    }
    items.push(left);
    if (i === tokens.length) break;
    if (tokens[i++].text !== ",") return { error: true };
  }
  // The engine's rows are objects: a repeated column name keeps the last value.
  return { error: false, columns: items.map((v) => v.name), row: Object.fromEntries(items.map((v) => [v.name, v.value])) };
}

let db: Database;
let conn: Connection;

beforeAll(async () => {
  db = new Database(":memory:");
  await db.init();
  conn = new Connection(db);
});

afterAll(async () => {
  await conn?.close();
  await db?.close();
});

async function engine(cypher: string): Promise<Prediction> {
  try {
    const executed = await conn.query(cypher);
    const result = Array.isArray(executed) ? executed[0] : executed;
    const rows = await result.getAll();
    return { error: false, columns: result.getColumnNamesSync(), row: rows[0] };
  } catch {
    return { error: true };
  }
}

describe("the guard's lexer agrees with LadybugDB", () => {
  it(`on ${QUERIES} seeded generated queries RETURN <a> <fragment> <b>`, async () => {
    const random = seededRandom(SEED);
    const outcomes = { error: 0, values: 0 };
    for (let n = 0; n < QUERIES; n++) {
      const cypher = generate(random);
      const expected = predict(cypher);
      const actual = await engine(cypher);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        expect.fail(`query ${n} (seed ${SEED}) ${JSON.stringify(cypher)}: the lexer predicts ${JSON.stringify(expected)}, the engine gives ${JSON.stringify(actual)}`);
      }
      outcomes[expected.error ? "error" : "values"]++;
    }
    // Both kinds of outcome are well represented, or the test would prove little.
    expect(outcomes.values).toBeGreaterThan(QUERIES / 5);
    expect(outcomes.error).toBeGreaterThan(QUERIES / 5);
  }, 60_000);
});

import { LabError } from "@/lib/errors";

/**
 * Whether learner Cypher may run is decided from LadybugDB's own EXPLAIN
 * plan: every physical operator must be on an allowlist, so an operator we
 * did not think of (or one a later engine version adds) is refused, not let
 * through. `isReadOnly()` is no help: LadybugDB 0.19.1 reports COPY TO,
 * EXPORT DATABASE, ATTACH, LOAD FROM, CALL, BEGIN and CHECKPOINT as read-only.
 *
 * Operator names are `PhysicalOperatorUtils::operatorTypeToString` in the
 * engine's src/processor/operator/physical_operator.cpp. A table function call
 * is named with its function, `TABLE_FUNCTION_CALL(READ_CSV_PARALLEL)`, because
 * the same operator reads a file for LOAD FROM and a buffered table for RETURN 1.
 */

/** Reading the graph: scans, filters, projections, aggregation, joins, ordering, limits, path expansion. */
export const READ_OPERATORS: readonly string[] = [
  "AGGREGATE", "AGGREGATE_FINALIZE", "AGGREGATE_SCAN",
  "COUNT_REL_TABLE", "CROSS_PRODUCT", "DUMMY_SINK", "EMPTY_RESULT", "FILTER", "FLATTEN",
  "HASH_JOIN_BUILD", "HASH_JOIN_PROBE", "INTERSECT", "INTERSECT_BUILD",
  "LIMIT", "MULTIPLICITY_REDUCER", "ORDER_BY", "ORDER_BY_MERGE", "ORDER_BY_SCAN",
  "PATH_PROPERTY_PROBE", "PRIMARY_KEY_SCAN_NODE_TABLE", "PROJECTION", "RECURSIVE_EXTEND", "RESULT_COLLECTOR",
  "SCAN_NODE_TABLE", "SCAN_REL_TABLE", "SEMI_MASKER", "SKIP", "TOP_K", "TOP_K_SCAN",
  "UNION_ALL_SCAN", "UNWIND", "UNWIND_DEDUP",
  // The engine's buffer between pipelines (RETURN 1, OPTIONAL MATCH, subqueries), then the catalog
  // functions the lab's schema() reads. Everything else, READ_CSV_PARALLEL included, is refused.
  "TABLE_FUNCTION_CALL(READ_FTABLE)",
  "TABLE_FUNCTION_CALL(SHOW_TABLES)", "TABLE_FUNCTION_CALL(TABLE_INFO)", "TABLE_FUNCTION_CALL(SHOW_CONNECTION)",
];

/**
 * A learner's scratch graph adds writes and schema changes. Not here, so
 * refused there too: COPY_TO, BATCH_INSERT/PARTITIONER/INDEX_LOOKUP (COPY FROM),
 * EXPORT_DATABASE, IMPORT_DATABASE, the extension operators, ATTACH/DETACH/
 * USE_DATABASE, CREATE_GRAPH/USE_GRAPH, STANDALONE_CALL (CALL setting=value),
 * TRANSACTION (BEGIN, COMMIT, ROLLBACK, CHECKPOINT), PROFILE, CREATE_MACRO, CREATE_INDEX.
 */
export const SCRATCH_WRITE_OPERATORS: readonly string[] = [
  "INSERT", "MERGE", "SET_PROPERTY", "DELETE",
  "CREATE_TABLE", "CREATE_SEQUENCE", "CREATE_TYPE", "ALTER", "DROP",
];

const ALLOWED = {
  shared: new Set(READ_OPERATORS),
  scratch: new Set([...READ_OPERATORS, ...SCRATCH_WRITE_OPERATORS]),
};

/** Throws `forbidden` naming the first operator of the plan that `target` does not allow. */
export function assertPlanAllowed(operators: string[], target: "shared" | "scratch"): void {
  if (operators.length === 0) unreadable("it has no operators");
  const refused = operators.find((op) => !ALLOWED[target].has(op));
  if (refused === undefined) return;
  throw new LabError(
    "forbidden",
    target === "shared"
      ? `Only read queries are allowed on the shared graph: found ${refused} in the query plan`
      : `Your scratch graph accepts reads, writes and schema changes, but not ${refused} in the query plan, which reaches outside it`,
  );
}

function unreadable(why: string): never {
  throw new LabError(
    "forbidden",
    `The query was refused because its plan could not be checked (${why}). Box-drawing characters and invalid text in literals confuse the plan printer: leave them out.`,
  );
}

/**
 * Columns as the engine's plan printer counts them: it pads text by its UTF-8
 * byte length but draws each frame character as one column. User text that
 * contains frame characters or line breaks therefore changes a line's width,
 * which is how a forged box is told from a real one.
 */
function columns(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x2500 && cp <= 0x257f) return 1;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

const widthOf = (line: string) => [...line].reduce((w, ch) => w + columns(ch), 0);

/** The inside of the box whose left frame is at printer column `start`, trimmed. */
function cell(line: string, start: number, boxWidth: number): string {
  let col = 0;
  let from = -1;
  let to = -1;
  for (let i = 0; i < line.length; ) {
    if (col === start) from = i;
    const ch = String.fromCodePoint(line.codePointAt(i) ?? 0);
    col += columns(ch);
    i += ch.length;
    if (col === start + boxWidth) to = i;
  }
  const box = from === -1 || to === -1 ? "" : line.slice(from, to);
  if (!box.startsWith("│") || !box.endsWith("│")) unreadable("a box is out of line");
  return box.slice(1, -1).trim();
}

const OPERATOR = /^([A-Z][A-Z_]*)\[\d+\]$/;
const FUNCTION = /^Function: ([A-Z0-9_]+)$/;

/**
 * The operator names of LadybugDB 0.19.1's `EXPLAIN` output (plan_printer.cpp):
 * a title box, then one row of boxes per plan depth, each box opening with a
 * frame line, then `NAME[id]`, a dashed line and its parameters (a table
 * function call's first parameter is `Function: NAME`). Only the name line and
 * that parameter are read, at the columns the frame line gives; anything out
 * of shape is refused rather than guessed at.
 */
export function operatorsOfPlan(planText: string): string[] {
  if (planText.includes("\uFFFD")) unreadable("it has text that is not valid UTF-8");
  const lines = planText.split("\n");
  if (lines.at(-1) === "") lines.pop();
  if (lines.length < 9 || !lines[2].includes("Physical Plan") || !/^┌─+┐$/.test(lines[0])) unreadable("it is not a physical plan");
  const boxWidth = lines[0].length;
  const body = lines.slice(5);
  const width = widthOf(body[0]);
  if ((width + 1) % (boxWidth + 1) !== 0 || body.some((l) => widthOf(l) !== width)) unreadable("its lines differ in width");

  const operators: string[] = [];
  body.forEach((frame, row) => {
    if (!frame.includes("┌")) return;
    if (!/^[ ┌┐─┴]+$/.test(frame) || row + 3 >= body.length) unreadable("a box frame is broken");
    for (let start = frame.indexOf("┌"); start !== -1; start = frame.indexOf("┌", start + 1)) {
      if (start % (boxWidth + 1) !== 0) unreadable("a box is out of line");
      const name = OPERATOR.exec(cell(body[row + 1], start, boxWidth))?.[1];
      if (!name) unreadable("a box has no operator name");
      if (name !== "TABLE_FUNCTION_CALL") {
        operators.push(name);
        continue;
      }
      const fn = FUNCTION.exec(cell(body[row + 3], start, boxWidth))?.[1];
      if (!fn) unreadable("a table function call does not name its function");
      operators.push(`TABLE_FUNCTION_CALL(${fn})`);
    }
  });
  return operators;
}

/** A path (`/x`, `./x`, `~/x`, `C:\x`) or words that come with file access in the engine's messages. */
const NAMES_FILES = /(?:^|[\s'"`(=:,[])(?:~?\/|\.\.?\/|[A-Za-z]:[\\/])[^\s]|\b(?:files?|director(?:y|ies)|paths?|extensions?|IO exception|Copy exception|glob|permission)\b/i;

/**
 * What a learner sees of an engine error. Syntax errors quote only the
 * learner's own query and pass through; so do binder and runtime errors
 * (unknown table, variable not in scope...), which the lessons and the Cypher
 * QA retry loop rely on. A message that names a path or comes from file
 * access (where the engine quotes a file's first line as column names)
 * loses its detail.
 */
export function learnerCypherError(message: string): LabError {
  if (message.startsWith("Parser exception:") || !NAMES_FILES.test(message)) {
    return new LabError("bad_input", `Cypher error: ${message}`);
  }
  return new LabError("bad_input", "Cypher error: the engine refused this query (details withheld: they concern files on the server)");
}

/**
 * Cypher QA, the course's GraphCypherQAChain made visible: the model writes a
 * query from the question and the schema; the query is extracted, checked
 * (read-only, names and directions against the schema) and run with a time
 * and row limit; failures go back to the model for another try; the model
 * answers from the rows. Every attempt is kept, with its failure classified,
 * so the learner can see, edit and re-run the Cypher.
 */
import type { z } from "zod";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { LabError } from "@/lib/errors";
import { callChat } from "@/lib/llm/call";
import { assertReadOnlyCypher } from "@/lib/graph/cypher-guard";
import { TASK_STATUSES } from "@/lib/graph/devops-schema";
import type { GraphEngine, GraphQueryResult, GraphSchema, GraphStore } from "@/lib/graph/port";
import { assertIntInRange, assertQuestion } from "./args";
import type { cypherAttemptSchema, CypherQaResult } from "./contract";
import { checkCypher } from "./cypher-check";
import { extractCypher } from "./cypher-extract";
import { CypherFailure, classifyGraphError, type FailureKind } from "./failures";

export type CypherAttempt = z.output<typeof cypherAttemptSchema>;
export type { CypherQaResult };

export interface CypherQaOptions {
  /** Model replies to try, the first included. */
  maxAttempts?: number;
  timeoutMs?: number;
  rowLimit?: number;
  /** What the schema text cannot show, such as the spelling of values. */
  notes?: string[];
  /** The caller going away (a hung-up request) aborts the model calls. */
  signal?: AbortSignal;
}

export const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_QA_TIMEOUT_MS = 5_000;
const DEFAULT_QA_ROW_LIMIT = 100;
/** Rows beyond this much JSON are summarised, so a large result cannot overflow the model's context. */
const MAX_ROWS_CHARS = 8_000;

/** Facts about the DevOps graph's values that a model would otherwise guess (the course's text guessed 'Open'). */
export const DEVOPS_NOTES = [
  `Task.status is one of ${TASK_STATUSES.map((s) => `'${s}'`).join(", ")}, spelt exactly so, in lower case.`,
  "Database, Cache, MessageQueue and ExternalAPI are Microservice nodes too.",
  "Match nodes by name (for example {name: 'PaymentService'}); id is an internal key. Two tasks share the name Optimize.",
];

const ENGINE_NOTES: Record<GraphEngine, string> = {
  ladybug:
    "The database is LadybugDB (Kuzu's Cypher): no CALL { } subqueries, no FOREACH, no APOC, no `WHERE n:Label`; " +
    "use label(r) instead of type(r); variable-length patterns go up to 30 hops.",
  neo4j: "The database is Neo4j 5.",
};

/** Failures another model reply can fix. A refused write is not one: the question asks for something the lab does not allow. */
const RETRYABLE = new Set<FailureKind>([
  "syntax",
  "unknown_label",
  "unknown_property",
  "unknown_relationship",
  "wrong_direction",
  "timeout",
  "not_cypher",
]);

const REPLY_FORMAT = "Reply with the query alone, in a ```cypher code block.";

function cypherPrompt(schema: GraphSchema, engine: GraphEngine, notes: string[], question: string): BaseMessage[] {
  return [
    new SystemMessage(
      [
        "You write one Cypher query that answers the user's question from a graph database.",
        `Schema:\n${schema.text}`,
        ...(notes.length > 0 ? [`About the values:\n${notes.map((n) => `- ${n}`).join("\n")}`] : []),
        [
          "Rules:",
          "- Use only the labels, relationship types and properties in the schema, and follow each relationship in the direction the schema shows.",
          "- Only read: MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN, ORDER BY, SKIP, LIMIT. Never create, change or delete anything.",
          "- Name every returned value with AS.",
          `- ${ENGINE_NOTES[engine]}`,
          `- ${REPLY_FORMAT}`,
        ].join("\n"),
      ].join("\n\n"),
    ),
    new HumanMessage(question),
  ];
}

function retryPrompt(attempt: CypherAttempt): string {
  return `That did not work (${attempt.kind}): ${attempt.error}\nWrite a corrected query. ${REPLY_FORMAT}`;
}

function rowsForPrompt(rows: Record<string, unknown>[]): string {
  const lines: string[] = [];
  let size = 0;
  for (const row of rows) {
    const line = JSON.stringify(row);
    if (size + line.length > MAX_ROWS_CHARS) {
      lines.push(`... and ${rows.length - lines.length} more rows not shown`);
      break;
    }
    lines.push(line);
    size += line.length;
  }
  return lines.length > 0 ? lines.join("\n") : "(no rows)";
}

function answerPrompt(question: string, cypher: string, result: GraphQueryResult): BaseMessage[] {
  const cut = result.truncated ? ", cut at the row limit," : "";
  return [
    new SystemMessage(
      `You answer a question from the result of a graph database query run for it. The rows are the query's whole result${cut} ` +
        "and they are right: state what they say, add no facts that are not in them, and do not doubt them. " +
        "If there are no rows, say that the graph holds no matching data. Answer in one or two sentences.",
    ),
    new HumanMessage(`Question: ${question}\n\nCypher:\n${cypher}\n\nRows (JSON, one per line):\n${rowsForPrompt(result.rows)}`),
  ];
}

interface RunOptions {
  fixDirections: boolean;
  timeoutMs: number;
  rowLimit: number;
}

function runOptions(opts: CypherQaOptions, fixDirections: boolean): RunOptions {
  return { fixDirections, timeoutMs: opts.timeoutMs ?? DEFAULT_QA_TIMEOUT_MS, rowLimit: opts.rowLimit ?? DEFAULT_QA_ROW_LIMIT };
}

/** Checks and runs one query; a failure is recorded in the attempt, never thrown (bugs and outages still are). */
async function runAttempt(
  graph: GraphStore,
  schema: GraphSchema,
  cypher: string,
  opts: RunOptions,
): Promise<{ attempt: CypherAttempt; result?: GraphQueryResult }> {
  const attempt: CypherAttempt = { cypher };
  try {
    // The gate first, so a write is reported as a write even when it also names unknown labels.
    assertReadOnlyCypher(cypher);
    const check = checkCypher(cypher, schema, { fixDirections: opts.fixDirections });
    if (check.fixes.length > 0) {
      attempt.generated = cypher;
      attempt.cypher = check.cypher;
      attempt.fixes = check.fixes;
    }
    if (check.issues.length > 0) throw new CypherFailure(check.issues[0].kind, check.issues.map((i) => i.message).join(" "));
    const result = await graph.query(attempt.cypher, {}, { readOnly: true, timeoutMs: opts.timeoutMs, rowLimit: opts.rowLimit });
    if (result.rows.length === 0) {
      attempt.kind = "empty_result";
      attempt.error = "The query ran and returned no rows.";
    }
    return { attempt, result };
  } catch (e) {
    const failure = e instanceof CypherFailure ? e : classifyGraphError(e, attempt.cypher);
    return { attempt: { ...attempt, kind: failure.kind, error: failure.message } };
  }
}

/** `result`, when there is one, is the last attempt's. */
async function finish(
  model: BaseChatModel,
  question: string,
  attempts: CypherAttempt[],
  result: GraphQueryResult | undefined,
  signal: AbortSignal | undefined,
): Promise<CypherQaResult> {
  const last = attempts[attempts.length - 1];
  const answer = result ? (await callChat(model, answerPrompt(question, last.cypher, result), { signal })).text : null;
  return {
    question,
    cypher: attempts.findLast((a) => a.cypher)?.cypher ?? null,
    attempts,
    columns: result?.columns ?? [],
    rows: result?.rows ?? [],
    truncated: result?.truncated ?? false,
    answer,
  };
}

export async function cypherQa(
  graph: GraphStore,
  model: BaseChatModel,
  question: string,
  opts: CypherQaOptions = {},
): Promise<CypherQaResult> {
  assertQuestion(question);
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  assertIntInRange("maxAttempts", maxAttempts, 1, 10);
  const run = runOptions(opts, true);
  const schema = await graph.schema();
  const messages = cypherPrompt(schema, graph.engine, opts.notes ?? DEVOPS_NOTES, question);
  const attempts: CypherAttempt[] = [];
  for (let n = 0; n < maxAttempts; n++) {
    const reply = await callChat(model, messages, { signal: opts.signal });
    messages.push(reply);
    const cypher = extractCypher(reply.text);
    const { attempt, result } =
      cypher === null
        ? { attempt: { cypher: "", kind: "not_cypher" as const, error: `The reply holds no Cypher query: "${excerpt(reply.text)}"` } }
        : await runAttempt(graph, schema, cypher, run);
    attempts.push(attempt);
    if (result) return finish(model, question, attempts, result, opts.signal);
    if (attempt.kind === "write_refused") {
      // Model-written Cypher that would change the graph is the model failing the task, not the learner: 422 on every surface.
      throw new LabError("write_refused", `The model wrote a query that would change the graph, which the lab never runs: ${attempt.cypher}\n${attempt.error}`);
    }
    if (!attempt.kind || !RETRYABLE.has(attempt.kind)) break;
    messages.push(new HumanMessage(retryPrompt(attempt)));
  }
  return finish(model, question, attempts, undefined, opts.signal);
}

/**
 * Runs a learner's edited query and answers from its rows. Nothing is fixed
 * automatically: the learner sees what is wrong with their query instead.
 */
export async function runCypherAnswer(
  graph: GraphStore,
  model: BaseChatModel,
  question: string,
  editedCypher: string,
  opts: Omit<CypherQaOptions, "maxAttempts" | "notes"> = {},
): Promise<CypherQaResult> {
  assertQuestion(question);
  const cypher = editedCypher.trim();
  if (!cypher) throw new LabError("bad_input", "Write a Cypher query to run.");
  const { attempt, result } = await runAttempt(graph, await graph.schema(), cypher, runOptions(opts, false));
  return finish(model, question, [attempt], result, opts.signal);
}

function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

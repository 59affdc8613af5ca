/**
 * Checks a Cypher query's patterns against the graph schema before it runs:
 * labels, relationship types and properties must exist, and relationships
 * must point the way the schema declares. A wrong name makes LadybugDB fail
 * and Neo4j silently return nothing; a reversed arrow makes both return
 * nothing. A reversed arrow is fixed when only the other direction fits the
 * schema (an LLM often writes `(team)<-[:MAINTAINED_BY]-(service)` backwards).
 *
 * It reads node and relationship patterns, not full Cypher: what it cannot
 * parse it leaves to the engine.
 */
import type { GraphSchema } from "@/lib/graph/port";
import { isIdentifier, tokenizeCypher, type CypherToken } from "./cypher-tokens";
import type { FailureKind } from "./failures";

export type SchemaIssueKind = Extract<
  FailureKind,
  "unknown_label" | "unknown_relationship" | "unknown_property" | "wrong_direction"
>;

export interface SchemaIssue {
  kind: SchemaIssueKind;
  message: string;
}

export interface CypherCheck {
  /** The query, with reversed arrows turned around when fixing was asked for. */
  cypher: string;
  /** What was changed, for the learner to see. */
  fixes: string[];
  /** Problems left, most basic first. */
  issues: SchemaIssue[];
}

interface NodePattern {
  variable?: string;
  labels: string[];
  keys: string[];
  start: number;
  end: number;
  /** Token index of the closing parenthesis. */
  close: number;
}

interface RelPattern {
  variable?: string;
  types: string[];
  keys: string[];
  left?: CypherToken;
  right?: CypherToken;
  lastDash: CypherToken;
  firstDash: CypherToken;
}

interface PathPattern {
  nodes: NodePattern[];
  /** rels[i] joins nodes[i] and nodes[i + 1]. */
  rels: RelPattern[];
}

const ISSUE_ORDER: SchemaIssueKind[] = ["unknown_label", "unknown_relationship", "unknown_property", "wrong_direction"];

/** `{key: value, ...}` from the opening brace at `i`: its keys and the index after the closing brace. */
function readMap(t: CypherToken[], i: number): { keys: string[]; next: number } {
  const keys: string[] = [];
  let depth = 0;
  for (let j = i; j < t.length; j++) {
    const { kind, text } = t[j];
    if (kind === "punct" && ["(", "{", "["].includes(text)) depth++;
    else if (kind === "punct" && [")", "}", "]"].includes(text)) {
      if (--depth === 0) return { keys, next: j + 1 };
    } else if (depth === 1 && isIdentifier(t[j]) && t[j + 1]?.text === ":" && ["{", ","].includes(t[j - 1].text)) {
      keys.push(text);
    }
  }
  return { keys, next: t.length };
}

/** `:A:B`, `:A|B`, `:A&B`, `:A|:B`; null for what this check does not model (`:!A`, `:%`). */
function readNames(t: CypherToken[], i: number, joiners: string[]): { names: string[]; next: number } | null {
  const names: string[] = [];
  let j = i;
  while (t[j]?.text === ":" || (names.length > 0 && joiners.includes(t[j]?.text))) {
    j++;
    if (t[j]?.text === ":") j++;
    if (!isIdentifier(t[j])) return null;
    names.push(t[j].text);
    j++;
  }
  return { names, next: j };
}

function parseNode(t: CypherToken[], i: number): NodePattern | null {
  if (t[i]?.text !== "(") return null;
  let j = i + 1;
  let variable: string | undefined;
  if (isIdentifier(t[j]) && [":", "{", ")"].includes(t[j + 1]?.text)) variable = t[j++].text;
  const labels = readNames(t, j, ["|", "&"]);
  if (!labels) return null;
  j = labels.next;
  let keys: string[] = [];
  if (t[j]?.text === "{") ({ keys, next: j } = readMap(t, j));
  if (t[j]?.text !== ")") return null;
  return { variable, labels: labels.names, keys, start: t[i].start, end: t[j].end, close: j };
}

/** A relationship starting at `i`, up to the `(` of the next node. */
function parseRel(t: CypherToken[], i: number): { rel: RelPattern; next: number } | null {
  let j = i;
  const left = t[j]?.text === "<" ? t[j++] : undefined;
  if (t[j]?.text !== "-") return null;
  const firstDash = t[j++];
  let variable: string | undefined;
  let types: string[] = [];
  const keys: string[] = [];
  if (t[j]?.text === "[") {
    j++;
    if (isIdentifier(t[j])) variable = t[j++].text;
    const names = readNames(t, j, ["|"]);
    if (!names) return null;
    ({ names: types, next: j } = names);
    // Skip a quantifier (`*2..`) and collect property keys up to the closing bracket.
    while (j < t.length && t[j].text !== "]") {
      if (t[j].text !== "{") j++;
      else {
        const map = readMap(t, j);
        keys.push(...map.keys);
        j = map.next;
      }
    }
    if (t[j]?.text !== "]") return null;
    j++;
  }
  if (t[j]?.text !== "-") return null;
  const lastDash = t[j++];
  const right = t[j]?.text === ">" ? t[j++] : undefined;
  if (t[j]?.text !== "(") return null;
  return { rel: { variable, types, keys, left, right, firstDash, lastDash }, next: j };
}

function findPaths(t: CypherToken[]): PathPattern[] {
  const paths: PathPattern[] = [];
  let i = 0;
  while (i < t.length) {
    const first = parseNode(t, i);
    if (!first) {
      i++;
      continue;
    }
    const path: PathPattern = { nodes: [first], rels: [] };
    let last = first;
    for (;;) {
      const rel = parseRel(t, last.close + 1);
      const next = rel && parseNode(t, rel.next);
      if (!rel || !next) break;
      path.rels.push(rel.rel);
      path.nodes.push(next);
      last = next;
    }
    paths.push(path);
    i = last.close + 1;
  }
  return paths;
}

const listOf = (names: Iterable<string>) => [...names].sort().join(", ");

/** "Did you mean" for the mistake models make most: the right name in the wrong case. */
function suggestion(name: string, known: Iterable<string>): string {
  const match = [...known].find((k) => k.toLowerCase() === name.toLowerCase());
  return match ? ` (did you mean ${match}?)` : "";
}

/** Variables bound to labels (or types) anywhere in the query: `MATCH (t:Task) ... (t)-->()` knows t is a Task. */
function bindings<T extends { variable?: string }>(items: T[], names: (item: T) => string[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const item of items) {
    if (!item.variable || names(item).length === 0) continue;
    const set = map.get(item.variable) ?? new Set<string>();
    for (const n of names(item)) set.add(n);
    map.set(item.variable, set);
  }
  return map;
}

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

function reverseArrow(r: RelPattern): Edit[] {
  if (r.right) return [{ at: r.right.start, remove: 1, insert: "" }, { at: r.firstDash.start, remove: 0, insert: "<" }];
  if (r.left) return [{ at: r.lastDash.end, remove: 0, insert: ">" }, { at: r.left.start, remove: 1, insert: "" }];
  return [];
}

function applyEdits(text: string, edits: Edit[]): string {
  return [...edits]
    .sort((a, b) => b.at - a.at)
    .reduce((s, e) => s.slice(0, e.at) + e.insert + s.slice(e.at + e.remove), text);
}

export function checkCypher(cypher: string, schema: GraphSchema, opts: { fixDirections: boolean }): CypherCheck {
  const t = tokenizeCypher(cypher);
  const paths = findPaths(t);
  const nodes = paths.flatMap((p) => p.nodes);
  const rels = paths.flatMap((p) => p.rels);
  const nodeProps = new Map(schema.nodes.map((n) => [n.label, n.properties.map((p) => p.name)]));
  const relTypes = new Map(schema.relationships.map((r) => [r.type, r]));
  const relProps = new Map(schema.relationships.map((r) => [r.type, r.properties.map((p) => p.name)]));

  const issues: SchemaIssue[] = [];
  const report = (kind: SchemaIssueKind, message: string) => {
    if (!issues.some((i) => i.message === message)) issues.push({ kind, message });
  };

  for (const label of new Set(nodes.flatMap((n) => n.labels))) {
    if (!nodeProps.has(label)) {
      report("unknown_label", `There is no node label ${label}${suggestion(label, nodeProps.keys())}. Labels: ${listOf(nodeProps.keys())}.`);
    }
  }
  for (const type of new Set(rels.flatMap((r) => r.types))) {
    if (!relTypes.has(type)) {
      report(
        "unknown_relationship",
        `There is no relationship type ${type}${suggestion(type, relTypes.keys())}. Types: ${listOf(relTypes.keys())}.`,
      );
    }
  }

  const nodeVars = bindings(nodes, (n) => n.labels);
  const relVars = bindings(rels, (r) => r.types);
  const labelsOf = (n: NodePattern) => (n.labels.length > 0 ? n.labels : [...(nodeVars.get(n.variable ?? "") ?? [])]);
  const checkProperty = (owners: string[], prop: string, table: Map<string, string[]>) => {
    // Unknown owners are reported above; with none known there is nothing to check against.
    if (owners.length === 0 || !owners.every((o) => table.has(o))) return;
    if (owners.some((o) => table.get(o)?.includes(prop))) return;
    const props = new Set(owners.flatMap((o) => table.get(o) ?? []));
    const owner = owners.join("|");
    report(
      "unknown_property",
      props.size > 0
        ? `${owner} has no property ${prop}${suggestion(prop, props)}. ${owner} properties: ${listOf(props)}.`
        : `${owner} has no property ${prop}: it has no properties at all.`,
    );
  };
  for (const n of nodes) for (const key of n.keys) checkProperty(labelsOf(n), key, nodeProps);
  for (const r of rels) for (const key of r.keys) checkProperty(r.types, key, relProps);
  t.forEach((tok, i) => {
    if (!isIdentifier(tok) || t[i + 1]?.text !== "." || !isIdentifier(t[i + 2]) || t[i - 1]?.text === ".") return;
    const prop = t[i + 2].text;
    if (nodeVars.has(tok.text)) checkProperty([...(nodeVars.get(tok.text) ?? [])], prop, nodeProps);
    else if (relVars.has(tok.text)) checkProperty([...(relVars.get(tok.text) ?? [])], prop, relProps);
  });

  const edits: Edit[] = [];
  const fixes: string[] = [];
  for (const path of paths) {
    path.rels.forEach((r, i) => {
      const a = labelsOf(path.nodes[i]);
      const b = labelsOf(path.nodes[i + 1]);
      if (r.types.length === 0 || !r.types.every((x) => relTypes.has(x)) || ![...a, ...b].every((l) => nodeProps.has(l))) {
        return;
      }
      // An endpoint without a known label fits anything.
      const fits = (src: string[], dst: string[]) =>
        r.types.some((type) =>
          relTypes.get(type)?.endpoints.some(
            (e) => (src.length === 0 || src.includes(e.from)) && (dst.length === 0 || dst.includes(e.to)),
          ),
        );
      const directed = Boolean(r.left) !== Boolean(r.right);
      const [src, dst] = r.left ? [b, a] : [a, b];
      if (directed ? fits(src, dst) : fits(a, b) || fits(b, a)) return;
      const text = cypher.slice(path.nodes[i].start, path.nodes[i + 1].end);
      const declared = r.types
        .flatMap((type) => relTypes.get(type)?.endpoints.map((e) => `(:${e.from})-[:${type}]->(:${e.to})`) ?? [])
        .join(", ");
      if (!directed || !fits(dst, src)) {
        report("unknown_relationship", `${text} does not fit the schema, which has ${declared}.`);
      } else if (opts.fixDirections) {
        edits.push(...reverseArrow(r));
        fixes.push(`Reversed the arrow in ${text}: the schema has ${declared}.`);
      } else {
        report("wrong_direction", `${text} points the wrong way: the schema has ${declared}.`);
      }
    });
  }

  issues.sort((x, y) => ISSUE_ORDER.indexOf(x.kind) - ISSUE_ORDER.indexOf(y.kind));
  return { cypher: applyEdits(cypher, edits), fixes, issues };
}

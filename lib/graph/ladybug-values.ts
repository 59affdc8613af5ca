import type { LbugValue, NodeID } from "@ladybugdb/core";
import { LabError } from "@/lib/errors";
import type { GraphNodeJson, GraphRelJson } from "./port";
import { jsonInteger, jsonNumber, jsonProperties } from "./query-common";

/** LadybugDB result values to the port's plain JSON (see GraphQueryResult.rows). */

type LbugObject = { [key: string]: LbugValue };

function isNodeId(v: unknown): v is NodeID {
  return typeof v === "object" && v !== null && "offset" in v && "table" in v && Object.keys(v).length === 2;
}

const idString = (id: NodeID | null): string => (id ? `${id.table}:${id.offset}` : "");

function node(v: LbugObject): GraphNodeJson {
  const { _id, _label, ...props } = v;
  return {
    _id: idString(isNodeId(_id) ? _id : null),
    _label: String(_label),
    ...jsonProperties(Object.entries(props), ladybugToJson),
  };
}

function rel(v: LbugObject): GraphRelJson {
  const { _id, _label, _src, _dst, ...props } = v;
  return {
    _id: idString(isNodeId(_id) ? _id : null),
    _type: String(_label),
    _src: idString(isNodeId(_src) ? _src : null),
    _dst: idString(isNodeId(_dst) ? _dst : null),
    ...jsonProperties(Object.entries(props), ladybugToJson),
  };
}

export function ladybugToJson(value: LbugValue): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return jsonNumber(value);
  if (typeof value === "bigint") return jsonInteger(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(ladybugToJson);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), ladybugToJson(v)]));
  if (isNodeId(value)) return idString(value); // id(n)
  const v = value as LbugObject;
  if (Array.isArray(v._nodes) && Array.isArray(v._rels)) {
    const nodes = v._nodes.map((n) => node(n as LbugObject));
    const rels = v._rels.map((r) => rel(r as LbugObject));
    // A named path holds both end nodes: render it as Neo4j does, [n0, r0, n1, ...].
    // A variable-length relationship variable holds only the inner nodes: Neo4j gives its relationships.
    return nodes.length === rels.length + 1 ? nodes.flatMap((n, i) => (i < rels.length ? [n, rels[i]] : [n])) : rels;
  }
  if ("_src" in v && "_dst" in v && "_label" in v) return rel(v);
  if ("_label" in v && "_id" in v) return node(v);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ladybugToJson(x)]));
}

/** Query parameters as LadybugDB accepts them; anything else is the caller's mistake. */
export function toLadybugParam(value: unknown, name: string): LbugValue {
  if (value === null || value === undefined) return null;
  if (
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean" ||
    typeof value === "bigint" ||
    value instanceof Date
  ) {
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => toLadybugParam(v, `${name}[${i}]`));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toLadybugParam(v, `${name}.${k}`)]));
  }
  throw new LabError("bad_input", `Parameter ${name} must be JSON-like, got ${typeof value}`);
}

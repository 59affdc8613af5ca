import neo4j from "neo4j-driver";
import type { GraphNodeJson, GraphRelJson } from "./port";
import { jsonInteger, jsonNumber, jsonProperties } from "./query-common";

/** neo4j-driver result values to the port's plain JSON (see GraphQueryResult.rows). */
export function neo4jToJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return jsonNumber(value);
  if (typeof value === "bigint") return jsonInteger(value);
  if (neo4j.isInt(value)) return jsonInteger(BigInt(value.toString()));
  if (neo4j.isNode(value)) {
    const n: GraphNodeJson = {
      _id: value.elementId,
      _label: value.labels.join(":"),
      ...jsonProperties(Object.entries(value.properties), neo4jToJson),
    };
    return n;
  }
  if (neo4j.isRelationship(value)) {
    const r: GraphRelJson = {
      _id: value.elementId,
      _type: value.type,
      _src: value.startNodeElementId,
      _dst: value.endNodeElementId,
      ...jsonProperties(Object.entries(value.properties), neo4jToJson),
    };
    return r;
  }
  if (neo4j.isPath(value)) {
    return [value.start, ...value.segments.flatMap((s) => [s.relationship, s.end])].map(neo4jToJson);
  }
  if (neo4j.isVector(value)) {
    const items: ArrayLike<number | bigint> = value.asTypedArray();
    return Array.from(items, neo4jToJson);
  }
  if (Array.isArray(value)) return value.map(neo4jToJson);
  if (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value) ||
    neo4j.isPoint(value)
  ) {
    return value.toString();
  }
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, neo4jToJson(v)]));
  }
  return String(value);
}

/**
 * JS numbers that are whole become Neo4j integers, or `LIMIT $n` fails on
 * 10.0 (the driver sends every JS number as a float). The price: a float
 * parameter that happens to be whole, like 1.0, arrives as an integer.
 */
function neo4jParam(value: unknown): unknown {
  if (typeof value === "number" && Number.isSafeInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(neo4jParam);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return neo4jParams(value);
  }
  return value;
}

export function neo4jParams(params: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, neo4jParam(v)]));
}

import neo4j, { Neo4jError } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { ladybugTypeName, neo4jErrorToLabError } from "./neo4j";
import { neo4jParams, neo4jToJson } from "./neo4j-values";

const { Node, Relationship, Path, PathSegment } = neo4j.types;

describe("neo4jToJson", () => {
  const a = new Node(neo4j.int(1), ["Microservice"], { name: "PaymentService", port: neo4j.int(8080) }, "4:db:1");
  const b = new Node(neo4j.int(2), ["Team"], { name: "TeamD" }, "4:db:2");
  const r = new Relationship(neo4j.int(7), neo4j.int(1), neo4j.int(2), "MAINTAINED_BY", {}, "5:db:7", "4:db:1", "4:db:2");

  it("turns nodes, relationships and paths into the port's plain JSON", () => {
    const node = { _id: "4:db:1", _label: "Microservice", name: "PaymentService", port: 8080 };
    const team = { _id: "4:db:2", _label: "Team", name: "TeamD" };
    const rel = { _id: "5:db:7", _type: "MAINTAINED_BY", _src: "4:db:1", _dst: "4:db:2" };
    expect(neo4jToJson(a)).toEqual(node);
    expect(neo4jToJson(r)).toEqual(rel);
    expect(neo4jToJson(new Path(a, b, [new PathSegment(a, r, b)]))).toEqual([node, rel, team]);
  });

  it("converts integers, temporal values and nested containers", () => {
    expect(neo4jToJson(neo4j.int(5))).toBe(5);
    expect(neo4jToJson(neo4j.int("9007199254740993"))).toBe("9007199254740993");
    expect(neo4jToJson(10n)).toBe(10);
    expect(neo4jToJson(new neo4j.types.Date(2024, 6, 20))).toBe("2024-06-20");
    expect(neo4jToJson({ xs: [neo4j.int(1), null, 1.5], nested: { n: neo4j.int(2) } })).toEqual({
      xs: [1, null, 1.5],
      nested: { n: 2 },
    });
    expect(neo4jToJson(Number.NaN)).toBe("NaN");
  });
});

describe("neo4jParams", () => {
  it("sends whole numbers as integers so LIMIT $n works", () => {
    const p = neo4jParams({ n: 5, x: 1.5, rows: [{ id: "a", k: 2 }], s: "open" });
    expect(neo4j.isInt(p.n)).toBe(true);
    expect(p.x).toBe(1.5);
    expect(neo4j.isInt((p.rows as { k: unknown }[])[0].k)).toBe(true);
    expect(p.s).toBe("open");
  });
});

describe("neo4jErrorToLabError", () => {
  const err = (code: string) => new Neo4jError("boom", code, "50N42", "error");
  it.each([
    ["Neo.ClientError.Statement.SyntaxError", "bad_input"],
    ["Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", "timeout"],
    ["Neo.ClientError.Statement.AccessMode", "forbidden"],
    ["Neo.ClientError.Security.Unauthorized", "unavailable"],
    ["ServiceUnavailable", "unavailable"],
  ])("maps %s to %s", (code, labCode) => {
    const mapped = neo4jErrorToLabError(err(code), 100);
    expect(mapped).toBeInstanceOf(LabError);
    expect((mapped as LabError).code).toBe(labCode);
  });

  it("keeps server errors as they are", () => {
    const e = err("Neo.DatabaseError.General.UnknownError");
    expect(neo4jErrorToLabError(e, 100)).toBe(e);
  });
});

describe("ladybugTypeName", () => {
  it.each([
    ["String", "STRING"],
    ["Long", "INT64"],
    ["DoubleArray", "DOUBLE[]"],
    ["Boolean", "BOOL"],
    ["Point", "POINT"],
  ])("%s -> %s", (neo, lb) => expect(ladybugTypeName(neo)).toBe(lb));
});

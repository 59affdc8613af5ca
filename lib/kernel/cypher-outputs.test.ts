import { describe, expect, it } from "vitest";
import { cypherOutputs, graphFromRows } from "./cypher-outputs";

const team = { _id: "t1", _label: "Team", name: "TeamD" };
const service = { _id: "s1", _label: "Microservice", name: "PaymentService" };
const rel = { _id: "r1", _type: "MAINTAINED_BY", _src: "s1", _dst: "t1" };

describe("cypher outputs", () => {
  it("draws nodes and relationships found anywhere in the rows, including paths", () => {
    const g = graphFromRows([{ path: [service, rel, team] }, { t: team }]);
    expect(g?.nodes.map((n) => n.caption).sort()).toEqual(["PaymentService", "TeamD"]);
    expect(g?.edges).toEqual([{ source: "s1", target: "t1", type: "MAINTAINED_BY" }]);
  });

  it("shows scalar results as a table only, and says which engine answered", () => {
    const out = cypherOutputs({ engineLabel: "LadybugDB (embedded)", columns: ["open"], rows: [{ open: 5 }], truncated: false, elapsedMs: 1.2 }, 10_000);
    expect(out.map((o) => o.kind)).toEqual(["text", "table"]);
    expect(out[0]).toMatchObject({ text: expect.stringContaining("LadybugDB (embedded)") });
  });

  it("names nodes in table cells instead of dumping JSON", () => {
    const out = cypherOutputs({ engineLabel: "Neo4j", columns: ["s"], rows: [{ s: service }], truncated: true, elapsedMs: 3 }, 10_000);
    expect(out[1]).toMatchObject({ kind: "table", rows: [{ s: "(Microservice PaymentService)" }] });
    expect(out[0]).toMatchObject({ text: expect.stringContaining("row limit") });
  });
});

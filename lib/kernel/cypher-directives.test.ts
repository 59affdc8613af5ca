import { describe, expect, it } from "vitest";
import { parseCypherCell } from "./cypher-directives";

describe("parseCypherCell", () => {
  it("reads :param lines as JSON parameters and keeps line numbers", () => {
    const { cypher, params } = parseCypherCell(':param status => "open"\n:param limit => 3\nMATCH (t:Task {status: $status})\nRETURN t LIMIT $limit');
    expect(params).toEqual({ status: "open", limit: 3 });
    expect(parseCypherCell(":use scratch\nCREATE (:Note {id: 'a'})").graph).toBe("scratch");
    expect(cypher.split("\n")).toEqual(["", "", "MATCH (t:Task {status: $status})", "RETURN t LIMIT $limit"]);
  });

  it("leaves a query without directives untouched", () => {
    expect(parseCypherCell("MATCH (n) RETURN n")).toEqual({ cypher: "MATCH (n) RETURN n", params: {}, graph: "shared" });
  });

  it("says which parameter is not valid JSON", () => {
    expect(() => parseCypherCell(":param status => open\nMATCH (n) RETURN n")).toThrow(/:param status must be JSON/);
  });
});

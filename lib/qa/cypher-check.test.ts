import { describe, expect, it } from "vitest";
import { COURSE_QUERIES } from "@/lib/graph/course-queries";
import { DEVOPS_GRAPH } from "@/lib/graph/devops-schema";
import { buildSchema } from "@/lib/graph/schema-text";
import { checkCypher } from "./cypher-check";

/** The DevOps schema as a GraphStore reports it, built without a database. */
const schema = buildSchema(
  DEVOPS_GRAPH.nodes.map((n) => ({
    label: n.label,
    properties: Object.entries(n.properties).map(([name, type]) => ({ name, type })),
  })),
  DEVOPS_GRAPH.relationships.map((r) => ({ type: r.type, endpoints: [{ from: r.from, to: r.to }], properties: [] })),
);

const check = (cypher: string, fixDirections = false) => checkCypher(cypher, schema, { fixDirections });
const kinds = (cypher: string) => check(cypher).issues.map((i) => i.kind);

describe("checkCypher", () => {
  it("passes the course's queries unchanged", () => {
    for (const cypher of Object.values(COURSE_QUERIES)) {
      expect(check(cypher, true), cypher).toEqual({ cypher, fixes: [], issues: [] });
    }
  });

  it("accepts a relationship written right to left when it points the schema's way", () => {
    expect(kinds("MATCH (t:Team)<-[:MAINTAINED_BY]-(s:Microservice) RETURN t.name AS team, s.name AS service")).toEqual([]);
  });

  it("accepts undirected relationships, self-joining types either way and untyped ones", () => {
    expect(kinds("MATCH (t:Team)-[:MAINTAINED_BY]-(s:Microservice) RETURN s.name AS s")).toEqual([]);
    expect(kinds("MATCH (d:Microservice)<-[:DEPENDS_ON*1..3]-(m:Microservice) RETURN m.name AS m")).toEqual([]);
    expect(kinds("MATCH (t:Team)-->(x) RETURN x")).toEqual([]);
  });

  it("turns a reversed arrow around when only the other direction fits", () => {
    const result = check("MATCH (s:Microservice {name: 'PaymentService'})<-[:MAINTAINED_BY]-(t:Team) RETURN t.name AS team", true);
    expect(result.cypher).toBe("MATCH (s:Microservice {name: 'PaymentService'})-[:MAINTAINED_BY]->(t:Team) RETURN t.name AS team");
    expect(result.issues).toEqual([]);
    expect(result.fixes).toEqual([
      "Reversed the arrow in (s:Microservice {name: 'PaymentService'})<-[:MAINTAINED_BY]-(t:Team): the schema has (:Microservice)-[:MAINTAINED_BY]->(:Team).",
    ]);
  });

  it("uses labels bound elsewhere in the query and fixes each link of a chain on its own", () => {
    const result = check(
      "MATCH (t:Task) WHERE t.status = 'open' MATCH (team)-[:ASSIGNED_TO]->(t), (p:Person)-[:PART_OF]->(team:Team) RETURN p.name AS person",
      true,
    );
    expect(result.cypher).toBe(
      "MATCH (t:Task) WHERE t.status = 'open' MATCH (team)<-[:ASSIGNED_TO]-(t), (p:Person)-[:PART_OF]->(team:Team) RETURN p.name AS person",
    );
    expect(check("MATCH (x:Team)-[:ASSIGNED_TO]->(t:Task)<-[:ASSIGNED_TO]-(y:Team) RETURN t.name AS n", true).cypher).toBe(
      "MATCH (x:Team)<-[:ASSIGNED_TO]-(t:Task)-[:ASSIGNED_TO]->(y:Team) RETURN t.name AS n",
    );
  });

  it("reports a reversed arrow as wrong_direction when not asked to fix it", () => {
    const result = check("MATCH (t:Team)-[:MAINTAINED_BY]->(s:Microservice) RETURN s.name AS s");
    expect(result.cypher).toBe("MATCH (t:Team)-[:MAINTAINED_BY]->(s:Microservice) RETURN s.name AS s");
    expect(result.issues).toEqual([
      {
        kind: "wrong_direction",
        message: "(t:Team)-[:MAINTAINED_BY]->(s:Microservice) points the wrong way: the schema has (:Microservice)-[:MAINTAINED_BY]->(:Team).",
      },
    ]);
  });

  it("reports a relationship between labels it does not join", () => {
    expect(kinds("MATCH (p:Person)-[:MAINTAINED_BY]->(t:Team) RETURN p.name AS p")).toEqual(["unknown_relationship"]);
    expect(kinds("MATCH (p:Person)-[:ASSIGNED_TO|LINKED_TO]->(t:Team) RETURN p.name AS p")).toEqual(["unknown_relationship"]);
    expect(kinds("MATCH (t:Task)-[:ASSIGNED_TO|LINKED_TO]->(s:Microservice) RETURN t.name AS t")).toEqual([]);
  });

  it("reports unknown labels, relationship types and properties, with the names that exist", () => {
    const label = check("MATCH (t:task) RETURN count(t) AS n").issues;
    expect(label).toEqual([
      { kind: "unknown_label", message: "There is no node label task (did you mean Task?). Labels: Microservice, Person, Task, Team." },
    ]);
    expect(kinds("MATCH (t:Task)-[:OWNED_BY]->(x:Team) RETURN x.name AS x")).toEqual(["unknown_relationship"]);
    expect(check("MATCH (t:Task) WHERE t.state = 'open' RETURN t.name AS n").issues).toEqual([
      {
        kind: "unknown_property",
        message: "Task has no property state. Task properties: description, id, name, status.",
      },
    ]);
    expect(kinds("MATCH (t:Task {state: 'open'}) RETURN t.name AS n")).toEqual(["unknown_property"]);
    expect(kinds("MATCH (t:Task)-[r:ASSIGNED_TO]->(x:Team) RETURN r.since AS since")).toEqual(["unknown_property"]);
  });

  it("lists the most basic problem first", () => {
    expect(kinds("MATCH (t:Ticket)-[:ASSIGNED_TO]->(x:Team) WHERE x.size > 3 RETURN t")).toEqual(["unknown_label", "unknown_property"]);
  });

  it("ignores what is inside strings and comments", () => {
    expect(kinds("MATCH (t:Task) // (x:Ghost)-[:HAUNTS]->(y)\nWHERE t.description CONTAINS '(s:Service)<-[:OWNS]-(p)' RETURN t.name AS n")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { DEVOPS_GRAPH, defineGraph, ladybugDdl, neo4jDdl } from "./devops-schema";
import { readDevopsDataset } from "./load-devops";

describe("DevOps graph schema", () => {
  it("generates LadybugDB tables with primary keys", () => {
    expect(ladybugDdl(DEVOPS_GRAPH)).toEqual([
      "CREATE NODE TABLE IF NOT EXISTS Microservice(id STRING, name STRING, technology STRING, PRIMARY KEY (id))",
      "CREATE NODE TABLE IF NOT EXISTS Task(id STRING, name STRING, status STRING, description STRING, PRIMARY KEY (id))",
      "CREATE NODE TABLE IF NOT EXISTS Team(id STRING, name STRING, PRIMARY KEY (id))",
      "CREATE NODE TABLE IF NOT EXISTS Person(id STRING, name STRING, PRIMARY KEY (id))",
      "CREATE REL TABLE IF NOT EXISTS DEPENDS_ON(FROM Microservice TO Microservice)",
      "CREATE REL TABLE IF NOT EXISTS MAINTAINED_BY(FROM Microservice TO Team)",
      "CREATE REL TABLE IF NOT EXISTS ASSIGNED_TO(FROM Task TO Team)",
      "CREATE REL TABLE IF NOT EXISTS LINKED_TO(FROM Task TO Microservice)",
      "CREATE REL TABLE IF NOT EXISTS PART_OF(FROM Person TO Team)",
    ]);
  });

  it("generates Neo4j key constraints and, given a size, the course's vector index on Task", () => {
    expect(neo4jDdl(DEVOPS_GRAPH)).toContain(
      "CREATE CONSTRAINT task_id IF NOT EXISTS FOR (n:Task) REQUIRE n.id IS UNIQUE",
    );
    expect(neo4jDdl(DEVOPS_GRAPH).some((s) => s.includes("VECTOR"))).toBe(false);
    expect(neo4jDdl(DEVOPS_GRAPH, { vectorDimensions: 512 }).at(-1)).toBe(
      "CREATE VECTOR INDEX tasks IF NOT EXISTS FOR (n:Task) ON n.embedding " +
        "OPTIONS {indexConfig: {`vector.dimensions`: 512, `vector.similarity_function`: 'cosine'}}",
    );
    expect(() => neo4jDdl(DEVOPS_GRAPH, { vectorDimensions: 1.5 })).toThrow(/integer/);
  });

  it("refuses names that are not plain identifiers and dangling relationships", () => {
    const node = { label: "A", key: "id", properties: { id: "STRING" } } as const;
    expect(() => defineGraph({ nodes: [{ ...node, label: "A) DETACH DELETE (x" }], relationships: [] })).toThrow(/identifier/);
    expect(() => defineGraph({ nodes: [{ ...node, key: "nope" }], relationships: [] })).toThrow(/key/);
    expect(() => defineGraph({ nodes: [node], relationships: [{ type: "R", from: "A", to: "B" }] })).toThrow(/undeclared/);
  });
});

describe("readDevopsDataset", () => {
  it("reads 33 nodes and 52 relationships with lowercase statuses", async () => {
    const data = await readDevopsDataset();
    const count = (m: Map<string, unknown[]>) => [...m.values()].reduce((n, rows) => n + rows.length, 0);
    expect(count(data.nodes)).toBe(33);
    expect(count(data.relationships)).toBe(52);
    expect(data.nodes.get("Microservice")).toHaveLength(13);
    const statuses = data.nodes.get("Task")?.map((t) => t.status);
    expect(statuses?.filter((s) => s === "open")).toHaveLength(5);
    expect(data.nodes.get("Team")?.[0]).toEqual({ id: "teamA", name: "TeamA" });
    expect(data.nodes.get("Microservice")?.find((m) => m.id === "db")).toEqual({ id: "db", name: "Database", technology: "SQL" });
  });
});

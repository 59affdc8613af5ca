import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COURSE_QUERIES } from "./course-queries";
import { DEVOPS_GRAPH } from "./devops-schema";
import { countGraph, loadDevopsGraph } from "./load-devops";
import type { GraphNodeJson, GraphRelJson, GraphStore } from "./port";
import { labRejection } from "@/lib/testing/lab-error";

/**
 * What every GraphStore must do with the DevOps graph: the facts the course
 * relies on, computed with the lesson queries (common Cypher subset, lowercase
 * statuses), and the port's guarantees. Used by ladybug.test.ts and
 * neo4j.int.test.ts.
 */

const names = (rows: Record<string, unknown>[], column: string) => rows.map((r) => String(r[column])).sort();

export function graphStoreContract(name: string, open: () => Promise<GraphStore>): void {
  describe(`GraphStore contract: ${name}`, () => {
    let store: GraphStore;
    const rows = async (cypher: string) => (await store.query(cypher)).rows;

    beforeAll(async () => {
      store = await open();
      await loadDevopsGraph(store);
    }, 60_000);
    afterAll(async () => {
      await store?.close();
    });

    it("has 5 open tasks", async () => {
      expect(await rows(COURSE_QUERIES.openTasks)).toEqual([{ openTasks: 5 }]);
    });

    it("finds TeamA with the most open tasks (3)", async () => {
      expect(await rows(COURSE_QUERIES.teamWithMostOpenTasks)).toEqual([{ team: "TeamA", openTasks: 3 }]);
    });

    it("finds the 6 services that depend on Database directly", async () => {
      expect(names(await rows(COURSE_QUERIES.directDependents), "service")).toEqual([
        "AuthService", "CatalogService", "InventoryService", "OrderService", "PaymentService", "UserService",
      ]);
    });

    it("finds the 7 indirect dependency paths to Database", async () => {
      expect(names(await rows(COURSE_QUERIES.indirectDependents), "service")).toEqual([
        "OrderService", "OrderService", "OrderService", "OrderService", "PaymentService", "ShippingService", "UserService",
      ]);
    });

    it("has PaymentService maintained by TeamD", async () => {
      expect(await rows(COURSE_QUERIES.paymentMaintainer)).toEqual([{ team: "TeamD" }]);
    });

    it("loads idempotently: 33 nodes and 52 relationships after a second load", async () => {
      const again = await loadDevopsGraph(store);
      expect({ nodes: again.nodes, relationships: again.relationships }).toEqual({ nodes: 33, relationships: 52 });
      // Counted per type: LadybugDB spells type(r) as label(r), so neither is in the common subset.
      const perType: Record<string, unknown> = {};
      for (const { type } of DEVOPS_GRAPH.relationships) {
        perType[type] = (await rows(`MATCH ()-[r:${type}]->() RETURN count(r) AS n`))[0].n;
      }
      expect(perType).toEqual({ DEPENDS_ON: 17, MAINTAINED_BY: 9, ASSIGNED_TO: 10, LINKED_TO: 10, PART_OF: 6 });
    });

    it("refuses writes on read-only queries (the default) and leaves the graph unchanged", async () => {
      for (const cypher of [
        "CREATE (:Team {id: 'teamX', name: 'TeamX'})",
        "MATCH (t:Team) SET t.name = 'renamed'",
        "MATCH (t:Task) DETACH DELETE t",
        "MERGE (:Person {id: 'mallory', name: 'Mallory'})",
      ]) {
        expect((await labRejection(store.query(cypher))).code).toBe("forbidden");
        expect((await labRejection(store.query(cypher, {}, { readOnly: true }))).message).toMatch(
          /^Only read queries are allowed on the shared graph: found /,
        );
      }
      expect(await countGraph(store)).toEqual({ nodes: 33, relationships: 52 });
      expect(names(await rows("MATCH (t:Team) RETURN t.name AS name"), "name")).toEqual(["TeamA", "TeamB", "TeamC", "TeamD"]);
    });

    it("reports a syntax error as bad_input with the engine's message", async () => {
      // Passes the allowlist, so the engine parses it.
      const e = await labRejection(store.query("MATCH (t:Task) RETURN t.name ORDER BY"));
      expect(e.code).toBe("bad_input");
      expect(e.message).toMatch(/^Cypher error: .+/);
      expect((await labRejection(store.query("MATCH (n RETURN n"))).code).toBe("bad_input");
      expect((await labRejection(store.query("MATCH (n:NoSuchLabel) RETURN n.nope", {}, { readOnly: false }))).code).toBe(
        "bad_input",
      );
    });

    it("cuts results at rowLimit and says so", async () => {
      const cut = await store.query("MATCH (m:Microservice) RETURN m.name AS name", {}, { rowLimit: 5 });
      expect(cut.rows).toHaveLength(5);
      expect(cut.truncated).toBe(true);
      expect(cut.columns).toEqual(["name"]);
      const whole = await store.query("MATCH (m:Microservice) RETURN m.name AS name", {}, { rowLimit: 13 });
      expect(whole.rows).toHaveLength(13);
      expect(whole.truncated).toBe(false);
    });

    it("stops a query at its time limit", async () => {
      // 10^10 rows with a filter, so no engine can shortcut the count.
      const slow = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y WITH x, y WHERE (x * y) % 7 = 3 RETURN count(*) AS n";
      const e = await labRejection(store.query(slow, {}, { timeoutMs: 200 }));
      expect(e.code).toBe("timeout");
    }, 20_000);

    it("takes parameters", async () => {
      const r = await store.query(
        "MATCH (t:Task) WHERE t.status = $status RETURN t.name AS name ORDER BY name LIMIT $n",
        { status: "completed", n: 5 },
      );
      expect(r.rows).toEqual([{ name: "Enhance" }, { name: "Refactor" }]);
    });

    it("returns nodes, relationships and paths as plain JSON", async () => {
      const { rows: [row] } = await store.query(
        "MATCH p = (m:Microservice {name: 'PaymentService'})-[r:MAINTAINED_BY]->(t:Team) RETURN m, r, t, p",
      );
      const m = row.m as GraphNodeJson;
      const r = row.r as GraphRelJson;
      const t = row.t as GraphNodeJson;
      expect(m).toEqual({ _id: m._id, _label: "Microservice", id: "payment", name: "PaymentService", technology: "Node.js" });
      expect(t).toEqual({ _id: t._id, _label: "Team", id: "teamD", name: "TeamD" });
      expect(r).toEqual({ _id: r._id, _type: "MAINTAINED_BY", _src: m._id, _dst: t._id });
      expect(row.p).toEqual([m, r, t]);
      expect(JSON.parse(JSON.stringify(row))).toEqual(row);
    });

    it("describes its schema", async () => {
      const schema = await store.schema();
      const mine = new Set<string>(DEVOPS_GRAPH.nodes.map((n) => n.label));
      expect(schema.nodes.filter((n) => mine.has(n.label)).map((n) => n.label)).toEqual([
        "Microservice", "Person", "Task", "Team",
      ]);
      const task = schema.nodes.find((n) => n.label === "Task");
      expect(task?.properties).toEqual(
        expect.arrayContaining(["description", "id", "name", "status"].map((p) => ({ name: p, type: "STRING" }))),
      );
      for (const rel of DEVOPS_GRAPH.relationships) {
        expect(schema.relationships.find((r) => r.type === rel.type)?.endpoints).toEqual([{ from: rel.from, to: rel.to }]);
        expect(schema.text).toContain(`(:${rel.from})-[:${rel.type}]->(:${rel.to})`);
      }
      expect(schema.text).toContain("Task {");
    });
  });
}

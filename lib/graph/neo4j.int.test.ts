import neo4j from "neo4j-driver";
import { afterAll, describe, expect, it } from "vitest";
import { graphStoreContract } from "./adapter-suite";
import { openNeo4jGraph } from "./neo4j";
import { assertNeo4jReadPlan } from "./neo4j-plan";

/**
 * Runs the shared contract against a real Neo4j 5.13+ when NEO4J_URI is set
 * (NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE optional). It MERGEs the
 * DevOps graph into that database and writes nothing else.
 */
const uri = process.env.NEO4J_URI;
const options = {
  uri: uri ?? "",
  user: process.env.NEO4J_USERNAME ?? "neo4j",
  password: process.env.NEO4J_PASSWORD ?? "",
  database: process.env.NEO4J_DATABASE,
};

describe.skipIf(!uri)("Neo4j", () => {
  graphStoreContract("Neo4j", () => openNeo4jGraph(options));

  describe("the plan check on this server's own plans", () => {
    // The plans come straight from the server, past the Cypher lexer, which would refuse CALL and LOAD by name.
    const driver = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password));
    afterAll(() => driver.close());
    const planOf = async (cypher: string) =>
      (await driver.executeQuery(`EXPLAIN ${cypher}`, {}, { database: options.database, routing: neo4j.routing.READ })).summary.plan;

    it("accepts reads, path expansion and the allowlisted procedures", async () => {
      for (const cypher of [
        "MATCH (m:Microservice)-[:DEPENDS_ON*1..3]->(d) RETURN m.name, count(DISTINCT d) AS deps ORDER BY deps DESC LIMIT 5",
        "MATCH (t:Task) WHERE NOT (t)-[:ASSIGNED_TO]->() RETURN t.name",
        "CALL db.labels() YIELD label RETURN label",
        "CALL db.schema.nodeTypeProperties() YIELD nodeLabels RETURN nodeLabels",
      ]) {
        assertNeo4jReadPlan(await planOf(cypher));
      }
    });

    it("refuses LoadCSV and procedures outside the allowlist, naming them", async () => {
      await expect(planOf("LOAD CSV FROM 'https://example.org/x.csv' AS row RETURN row").then(assertNeo4jReadPlan)).rejects.toThrow(/operator LoadCSV/);
      await expect(planOf("CALL dbms.listConfig() YIELD name RETURN name").then(assertNeo4jReadPlan)).rejects.toThrow(/procedure dbms\.listConfig/);
      await expect(planOf("MATCH (t:Task) SET t.seen = true RETURN t").then(assertNeo4jReadPlan)).rejects.toThrow(/operator SetProperty/);
    });
  });
});

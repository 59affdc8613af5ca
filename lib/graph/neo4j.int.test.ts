import { describe } from "vitest";
import { graphStoreContract } from "./contract";
import { openNeo4jGraph } from "./neo4j";

/**
 * Runs the shared contract against a real Neo4j 5.13+ when NEO4J_URI is set
 * (NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE optional). It MERGEs the
 * DevOps graph into that database and writes nothing else.
 */
const uri = process.env.NEO4J_URI;

describe.skipIf(!uri)("Neo4j", () => {
  graphStoreContract("Neo4j", () =>
    openNeo4jGraph({
      uri: uri ?? "",
      user: process.env.NEO4J_USERNAME ?? "neo4j",
      password: process.env.NEO4J_PASSWORD ?? "",
      database: process.env.NEO4J_DATABASE,
    }),
  );
});

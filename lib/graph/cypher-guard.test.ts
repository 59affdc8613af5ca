import { describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { attackCorpus, smuggled } from "./attack-corpus";
import { assertReadOnlyCypher, assertScratchCypher, tokenizeCypher } from "./cypher-guard";

function refusal(cypher: string): LabError {
  try {
    assertReadOnlyCypher(cypher);
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error(`accepted: ${cypher}`);
}

const READS = [
  "MATCH (t:Task {status: 'open'}) RETURN count(*) AS openTasks",
  "MATCH (t:Task)-[:ASSIGNED_TO]->(team:Team) WHERE t.status='open' RETURN team.name, COUNT(t) AS openTasks ORDER BY openTasks DESC LIMIT 1",
  "MATCH (m:Microservice)-[:DEPENDS_ON]->(n:Microservice {name:'Database'}) RETURN m.name",
  "MATCH (m:Microservice)-[:DEPENDS_ON*2..]->(n:Microservice {name:'Database'}) RETURN m.name",
  "MATCH (m:Microservice {name:'PaymentService'})-[:MAINTAINED_BY]->(t:Team) RETURN t.name;",
  "match (n) return n skip 2 limit 3",
  "OPTIONAL MATCH (n:Person)-[r]-() RETURN n, label(r) AS rel",
  "MATCH (n) WITH n, count(*) AS c WHERE c > 1 RETURN DISTINCT n.name AS name ORDER BY name ASC, c DESCENDING",
  "MATCH (n) RETURN n.name UNION ALL MATCH (m) RETURN m.name",
  "MATCH (n) RETURN n.name UNION DISTINCT MATCH (m) RETURN m.name",
  "MATCH (n) RETURN n.name UNION MATCH (m) RETURN m.name",
  "UNWIND [1, 2, 3] AS x RETURN x * 2 AS y, x % 2 = 0 AS even, -x AS neg, x ^ 2 AS sq",
  "MATCH (n) WHERE n.name STARTS WITH 'Pay' OR n.name ENDS WITH 'API' XOR n.name CONTAINS 'e' RETURN n",
  "MATCH (n) WHERE n.technology IS NULL AND NOT n.name IS NOT NULL RETURN n",
  "MATCH (n) WHERE n.name IN ['A', 'B'] AND n.name =~ 'A.*' RETURN n",
  "MATCH (t:Task) RETURN CASE WHEN t.status = 'open' THEN 1 ELSE 0 END AS open, CASE t.status WHEN 'open' THEN true ELSE false END",
  "MATCH (t:Team) WHERE EXISTS { MATCH (t)<-[:ASSIGNED_TO]-(:Task) } RETURN t.name, COUNT { MATCH (t)<-[:PART_OF]-() } AS people",
  "MATCH (t:Team) RETURN t.name, COLLECT { MATCH (t)<-[:PART_OF]-(p) RETURN p.name } AS people",
  "MATCH (n) WHERE exists(n.name) AND all(x IN [1] WHERE x > 0) AND any(x IN [1] WHERE x = 1) RETURN n",
  "MATCH (n) WHERE none(x IN [1] WHERE x = 2) AND single(x IN [1] WHERE x = 1) RETURN n",
  "MATCH p = (a)-[*1..3]->(b) RETURN p, length(p), nodes(p), [x IN nodes(p) | x.name] AS names",
  "MATCH (n) RETURN *",
  "MATCH (n) WITH * RETURN count(*)",
  "MATCH (n)-[r:DEPENDS_ON|MAINTAINED_BY]->(m) RETURN n {.name, .technology} AS svc, r",
  "MATCH (n) RETURN {name: n.name, order: 1, create: 2, set: n.set, delete: n.create} AS m",
  "MATCH (n) RETURN n.set, n.create, n.delete, n.merge, n.call, n.load, n.copy, n.drop",
  "MATCH (n:Team) RETURN 'CREATE (x)' AS text, \"MERGE\" AS other, 'it\\'s; DELETE n' AS quoted",
  "MATCH (n) // CREATE (m)\nRETURN n /* DELETE n; DROP TABLE x */",
  "MATCH (`create`:Team) RETURN `create`.name AS `set`, `MERGE (x)` AS y",
  "MATCH (set:Team) RETURN set.name AS delete",
  "MATCH (n:Team) WHERE n.name = $name RETURN n LIMIT $limit",
  "RETURN 1.5e3 AS a, .5 AS b, 1..3",
  "MATCH (a)-[:DEPENDS_ON*]->(b) RETURN a, b",
  "MATCH (a)<-[r]-(b) WHERE a.x <> b.x AND a.x <= 3 AND a.x >= 1 RETURN a",
  "RETURN [x IN range(1, 10) WHERE x % 2 = 0 | x] AS evens",
  "MATCH (n) RETURN count(DISTINCT n.name) AS c",
  "MATCH (n) WHERE n:Team RETURN n",
  "MATCH (n) RETURN n.name AS name ORDER BY n.name DESC SKIP 1",
  "MATCH (t:Task) RETURN t.status AS status, count(*) AS n ORDER BY status",
  "RETURN {a: NOT true, b: CASE WHEN true THEN 1 END} AS m",
  "MATCH (n) RETURN n.x * n.y AS product",
  "MATCH (é:Person) RETURN é.name",
];

const WRITES: [string, string][] = [
  ["CREATE (n:Team {name: 'X'})", "CREATE"],
  ["MERGE (n:Team {name: 'X'})", "MERGE"],
  ["MATCH (n) SET n.name = 'x'", "SET"],
  ["MATCH (n) DELETE n", "DELETE"],
  ["MATCH (n) DETACH DELETE n", "DETACH"],
  ["MATCH (n) REMOVE n.name", "REMOVE"],
  ["MATCH (n:Team) REMOVE n:Team", "REMOVE"],
  ["DROP TABLE Team", "DROP"],
  ["DROP INDEX tasks", "DROP"],
  ["ALTER TABLE Team ADD x STRING", "ALTER"],
  ["CREATE NODE TABLE X(id STRING, PRIMARY KEY(id))", "CREATE"],
  ["CALL db.labels()", "CALL"],
  ["CALL show_tables() RETURN *", "CALL"],
  ["CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})", "CALL"],
  ["MATCH (n) CALL { WITH n SET n.x = 1 } RETURN n", "CALL"],
  ["MATCH (n) CALL (n) { SET n.x = 1 } RETURN n", "CALL"],
  ["OPTIONAL CALL db.labels()", "CALL"],
  ["LOAD FROM '/etc/passwd' RETURN *", "LOAD"],
  ["LOAD CSV FROM 'file:///x.csv' AS row RETURN row", "LOAD"],
  ["COPY Team FROM '/tmp/teams.csv'", "COPY"],
  ["COPY (MATCH (n) RETURN n) TO '/tmp/out.csv'", "COPY"],
  ["ATTACH '/tmp/other.lbug' AS other (dbtype lbug)", "ATTACH"],
  ["DETACH other", "DETACH"],
  ["INSTALL httpfs", "INSTALL"],
  ["LOAD EXTENSION httpfs", "LOAD"],
  ["EXPORT DATABASE '/tmp/dump'", "EXPORT"],
  ["IMPORT DATABASE '/tmp/dump'", "IMPORT"],
  ["USE other MATCH (n) RETURN n", "USE"],
  ["MATCH (n) FOREACH (x IN [1] | CREATE (m))", "FOREACH"],
  ["BEGIN TRANSACTION", "BEGIN"],
  ["COMMIT", "COMMIT"],
  ["CHECKPOINT", "CHECKPOINT"],
  ["PROFILE CREATE (n)", "PROFILE"],
  ["EXPLAIN MATCH (n) RETURN n", "EXPLAIN"],
  ["SHOW DATABASES", "SHOW"],
  ["MATCH (n) RETURN n; CREATE (m)", "a second statement"],
  ["MATCH (n) RETURN n; MATCH (m) RETURN m", "a second statement"],
  ["MATCH (n) RETURN n;;", "a second statement"],
  ["MATCH (n) WITH n CREATE (m)", "CREATE"],
  ["MATCH (n) RETURN * CREATE (m)", "CREATE"],
  ["MATCH (n) WITH * CREATE (m)", "CREATE"],
  ["MATCH (n) WITH n ORDER BY n.name DESC CREATE (m)", "CREATE"],
  ["MATCH (n) WHERE n.name IS NULL CREATE (m)", "CREATE"],
  ["MATCH (n) WITH n LIMIT 1 SET n.x = 1", "SET"],
  ["MATCH (n) WITH n SKIP $s DELETE n", "DELETE"],
  ["MATCH (n) WHERE n.x = 'a' MERGE (m)", "MERGE"],
  ["MATCH (n) WITH CASE WHEN true THEN 1 END AS x CREATE (m)", "CREATE"],
  ["MATCH (n:Not) CREATE (m)", "CREATE"],
  ["MATCH (n) WHERE n:Not CREATE (m)", "CREATE"],
  ["MATCH (n) RETURN n AS not CREATE (m)", "CREATE"],
  ["MATCH (n) RETURN n UNION CREATE (m) RETURN m", "CREATE"],
  ["MATCH (n) RETURN n UNION ALL CREATE (m) RETURN m", "CREATE"],
  ["MATCH (n) RETURN n UNION DISTINCT MERGE (m) RETURN m", "MERGE"],
  ["MATCH (n) WHERE EXISTS { CREATE (m) } RETURN n", "CREATE"],
  ["MATCH (n) RETURN COUNT { MERGE (m) } AS c", "MERGE"],
  ["MATCH (n) RETURN COLLECT { CREATE (m) RETURN m } AS c", "CREATE"],
  ["WHEN true THEN CREATE (m)", "WHEN"],
  ["MATCH (n) WITH n WHEN true THEN CREATE (m)", "WHEN"],
  ["MATCH (n) `x` CREATE (m)", "CREATE"],
  ["match (n) create (m)", "CREATE"],
  ["MATCH (n)\n  DeLeTe n", "DELETE at line 2, column 3"],
  ["MATCH (n) /* comment */ SET n.a = 1", "SET"],
  ["MATCH (n) // comment\nSET n.a = 1", "SET"],
  ["MATCH (n) RETURN 'x' SET n.a = 1", "SET"],
  ["MATCH (n) RETURN $p SET n.a = 1", "SET"],
  ["MATCH (n) RETURN 1 REMOVE n.a", "REMOVE"],
  ["MATCH (n) RETURN true DELETE n", "DELETE"],
  ["MATCH (a)-[*1..2]->(b) DELETE a", "DELETE"],
  ["MATCH (a) RETURN a NEXT CREATE (b)", "NEXT"],
  ["FINISH", "FINISH"],
  ["TERMINATE TRANSACTIONS 'x'", "TERMINATE"],
  ["GRANT ROLE admin TO bob", "GRANT"],
  ["INSERT (n:Team)", "INSERT"],
];

describe("assertReadOnlyCypher", () => {
  it.each(READS)("accepts %s", (cypher) => {
    expect(() => assertReadOnlyCypher(cypher)).not.toThrow();
  });

  it.each(WRITES)("refuses %s", (cypher, found) => {
    const e = refusal(cypher);
    expect(e.code).toBe("forbidden");
    expect(e.message).toMatch(/^Only read queries are allowed on the shared graph: found /);
    expect(e.message).toContain(found);
  });

  it("names the offending keyword with its position", () => {
    expect(refusal("CREATE (n)").message).toBe(
      "Only read queries are allowed on the shared graph: found CREATE at line 1, column 1",
    );
    expect(refusal("MATCH (n)\nWITH n\n  MERGE (m)").message).toContain("found MERGE at line 3, column 3");
  });

  it("reports broken input as bad_input", () => {
    for (const cypher of ["", "  ; ", "// only a comment", "MATCH (n) RETURN 'open", "MATCH (n RETURN n", "MATCH (n)) RETURN n", "RETURN /* x", "MATCH (`x) RETURN 1", "RETURN #"]) {
      const e = refusal(cypher);
      expect(e.code, cypher).toBe("bad_input");
      expect(e.message).toMatch(/^Cypher error: /);
    }
  });

  it("refuses every write keyword wherever a clause can start (fuzz)", () => {
    const writes = ["CREATE (x)", "MERGE (x)", "SET n.a = 1", "DELETE n", "DETACH DELETE n", "REMOVE n.a", "CALL db.labels()", "LOAD FROM 'f'", "COPY T FROM 'f'", "FOREACH (x IN [1] | CREATE (y))", "DROP TABLE T"];
    const prefixes = ["", "MATCH (n) ", "MATCH (n) WHERE n.a = 1 ", "MATCH (n) WITH n ", "MATCH (n) WITH n ORDER BY n.a ", "MATCH (n) WITH n ORDER BY n.a ASC ", "MATCH (n) WITH n LIMIT 1 ", "MATCH (n) WITH * ", "UNWIND [1] AS x ", "MATCH (n) RETURN n UNION ", "MATCH (n) RETURN n UNION ALL ", "MATCH (n:T) WHERE EXISTS { ", "MATCH (n) WITH n WHERE n.a IS NOT NULL ", "MATCH (n) WITH CASE n.a WHEN 1 THEN 2 END AS c "];
    for (const prefix of prefixes) {
      for (const write of writes) {
        const cypher = `${prefix}${write}${prefix.endsWith("{ ") ? " } RETURN n" : ""}`;
        expect(refusal(cypher).code, cypher).toBe("forbidden");
      }
    }
  });
});

describe("assertScratchCypher", () => {
  it("accepts reads, writes and schema changes", () => {
    for (const q of [
      "CREATE NODE TABLE Note(id STRING, PRIMARY KEY (id))",
      "CREATE (:Note {id: 'a', copy: 'LOAD FROM x'})",
      "MATCH (n:Note) SET n.load = 1 RETURN n.use",
      "MATCH (n:Note) DETACH DELETE n",
      "DROP TABLE Note",
    ]) {
      expect(() => assertScratchCypher(q), q).not.toThrow();
    }
  });

  it("refuses anything that reaches outside the scratch database, and second statements", () => {
    for (const q of [
      "COPY Note FROM '/etc/passwd'",
      "LOAD FROM '/etc/passwd' RETURN *",
      "INSTALL httpfs",
      "LOAD EXTENSION json",
      "ATTACH '/work/other.lbug' AS other",
      "DETACH DATABASE other",
      "EXPORT DATABASE '/tmp/out'",
      "CALL threads=1",
      "CREATE (:Note {id: 'x'}); DROP TABLE Note",
    ]) {
      expect(() => assertScratchCypher(q), q).toThrow();
    }
  });
});

describe("the lexer reads comments, strings and names as LadybugDB does", () => {
  const texts = (cypher: string) => tokenizeCypher(cypher).map((t) => t.text);

  it("pairs a star with the character after it inside a block comment, so `**/` does not close it", () => {
    expect(texts("RETURN 1 /* **/ 2 */, 3")).toEqual(["RETURN", "1", ",", "3"]);
    expect(texts("RETURN 1 /**/, 3")).toEqual(["RETURN", "1", ",", "3"]);
    expect(texts("RETURN 1 /* ***/, 3")).toEqual(["RETURN", "1", ",", "3"]);
    expect(refusal("RETURN 1 /***/ 2").code).toBe("bad_input");
  });

  it("does not take `//` before a lone carriage return as a comment", () => {
    expect(texts("RETURN 7 //* \r */ 2")).toEqual(["RETURN", "7", "/", "2"]);
    expect(texts("RETURN 7 // x\r\n, 2")).toEqual(["RETURN", "7", ",", "2"]);
    expect(texts("RETURN 7 // x\r")).toEqual(["RETURN", "7"]);
    expect(texts("MATCH (n) RETURN n // \r CREATE (m)")).toContain("CREATE");
  });

  it("uses the engine's whitespace, escapes and names", () => {
    expect(texts("RETURN\u180e1\u2028,\u20292")).toEqual(["RETURN", "1", ",", "2"]);
    expect(refusal("RETURN 1\ufeff").code).toBe("bad_input");
    expect(texts("RETURN 'a\\'b', `x``y`, a$b, 07")).toEqual(["RETURN", "'a\\'b'", ",", "`x``y`", ",", "a$b", ",", "0", "7"]);
    for (const bad of ["RETURN 'a\\qb'", "RETURN '\\U0041'", "RETURN '\\uD800'", "RETURN ``"]) {
      expect(refusal(bad).code, bad).toBe("bad_input");
    }
  });

  it("refuses issue 12's disguised statements on both graphs", () => {
    const paths = { readable: "/srv/data/admin.token", dir: "/srv/data", writable: "/tmp/out" };
    const disguised = attackCorpus(paths).filter((a) => a.cypher.startsWith("/*"));
    expect(disguised.length).toBeGreaterThan(5);
    for (const { cypher, refusedOn } of disguised) {
      expect(refusal(cypher).code, cypher).toBe("forbidden");
      if (refusedOn.includes("scratch")) expect(() => assertScratchCypher(cypher), cypher).toThrow(/reaches outside it/);
    }
    expect(() => assertScratchCypher(smuggled("CREATE (:Note {id: 'x'})"))).not.toThrow();
  });
});

describe("clauses refused by name on both graphs", () => {
  it.each([
    ["COPY (MATCH (n) RETURN n) TO '/tmp/x.csv'", "COPY"],
    ["LOAD FROM '/etc/passwd' (file_format='csv') RETURN *", "LOAD"],
    ["EXPORT DATABASE '/tmp/x'", "EXPORT"],
    ["IMPORT DATABASE '/tmp/x'", "IMPORT"],
    ["INSTALL json", "INSTALL"],
    ["FORCE INSTALL json", "INSTALL"],
    ["UNINSTALL json", "UNINSTALL"],
    ["LOAD EXTENSION json", "LOAD"],
    ["ATTACH '/tmp/x.lbug' AS o (dbtype lbug)", "ATTACH"],
    ["DETACH o", "DETACH"],
    ["USE o", "USE"],
    ["CALL timeout=0", "CALL"],
    ["MATCH (n) CALL show_tables() RETURN *", "CALL"],
    ["BEGIN TRANSACTION", "BEGIN"],
    ["COMMIT", "COMMIT"],
    ["ROLLBACK", "ROLLBACK"],
    ["CHECKPOINT", "CHECKPOINT"],
    ["EXPLAIN MATCH (n) RETURN n", "EXPLAIN"],
    ["PROFILE MATCH (n) RETURN n", "PROFILE"],
  ])("%s", (cypher, word) => {
    expect(refusal(cypher).message).toContain(`found ${word} at line 1`);
    expect(() => assertScratchCypher(cypher)).toThrow(new RegExp(`but not ${word}, which reaches outside it`));
  });
});

import { describe, expect, it } from "vitest";
import { extractCypher } from "./cypher-extract";

describe("extractCypher", () => {
  it("takes the query from a cypher code block, without prose or a final semicolon", () => {
    const reply = "Here you go:\n\n```cypher\nMATCH (t:Task {status: 'open'})\nRETURN count(t) AS open;\n```\n\nThis counts open tasks.";
    expect(extractCypher(reply)).toBe("MATCH (t:Task {status: 'open'})\nRETURN count(t) AS open");
  });

  it("prefers the block marked cypher and keeps a leading comment in it", () => {
    const reply = "```json\n{\"a\": 1}\n```\n```Cypher\n// open tasks\nMATCH (t:Task) RETURN t.name AS name\n```";
    expect(extractCypher(reply)).toBe("// open tasks\nMATCH (t:Task) RETURN t.name AS name");
  });

  it("takes an unmarked block that starts with a clause", () => {
    expect(extractCypher("```\nmatch (t:Task) return count(t) as n\n```")).toBe("match (t:Task) return count(t) as n");
  });

  it("finds a query after leading prose and stops at the explanation after it", () => {
    const reply = "The query is: MATCH (m:Microservice)-[:DEPENDS_ON]->(d:Microservice)\nRETURN m.name AS service\n\nIt lists dependents.";
    expect(extractCypher(reply)).toBe("MATCH (m:Microservice)-[:DEPENDS_ON]->(d:Microservice)\nRETURN m.name AS service");
  });

  it("accepts a lower-case query that starts with a pattern and a one-line fence", () => {
    expect(extractCypher("match (t:Task) return count(t) as n")).toBe("match (t:Task) return count(t) as n");
    expect(extractCypher("```cypher MATCH (n:Team) RETURN n.name AS team```")).toBe("MATCH (n:Team) RETURN n.name AS team");
  });

  it("keeps write clauses, so they are refused as writes later", () => {
    expect(extractCypher("CREATE (:Team {id: 'x', name: 'X'})")).toBe("CREATE (:Team {id: 'x', name: 'X'})");
  });

  it("returns null for prose, even prose that uses clause words", () => {
    expect(extractCypher("There are five open tickets.")).toBeNull();
    expect(extractCypher("Match the open tasks with their teams, then return the count.")).toBeNull();
    expect(extractCypher("```json\n{\"answer\": 5}\n```")).toBeNull();
  });
});

import "server-only";
import { fail, pass, sameRows } from "../checks";
import { scratchRows, sharedCellRows as learnerRows, shown } from "../cypher-cell";
import type { LessonExercises } from "../types";

const COMPLETED = "MATCH (t:Task {status: 'completed'}) RETURN count(*) AS completedTasks";
const ONLY_INDIRECT = `MATCH (m:Microservice)-[:DEPENDS_ON*2..]->(db:Microservice {name: 'Database'})
OPTIONAL MATCH (m)-[d:DEPENDS_ON]->(db)
WITH m, count(d) AS direct
WHERE direct = 0
RETURN DISTINCT m.name AS service`;
const OPEN_COUNT = "MATCH (t:Task {status: 'open'})\nRETURN count(*) AS openTasks";
const INDIRECT = "MATCH path = (m:Microservice)-[:DEPENDS_ON*2..]->(db:Microservice {name: 'Database'})\nRETURN m.name AS service, path";
const SCHEMA = "CREATE NODE TABLE IF NOT EXISTS Idea(id STRING, text STRING, PRIMARY KEY (id))";
const idea = (id: string, text: string) => `MERGE (i:Idea {id: '${id}'}) SET i.text = '${text}'`;

export const exercises: LessonExercises = {
  "completed-count": {
    async check(answer, ctx) {
      const mine = await learnerRows(answer, ctx);
      if (!Array.isArray(mine)) return mine;
      const want = await ctx.sharedQuery(COMPLETED);
      if (sameRows(mine, want)) return pass(`${Object.values(want[0])[0]} tasks are completed.`);
      if (mine.length !== 1 || Object.keys(mine[0]).length !== 1) return fail(`Expected one row with one number, a count; your query returns ${shown(mine)}.`);
      return fail(`Your query returns ${String(Object.values(mine[0])[0])}, which is not the number of completed tasks.`);
    },
    hints: [
      "Keep the shape of the query and change only the status it matches.",
      "Statuses in this copy are lowercase, and string matching is case-sensitive: 'completed'.",
    ],
    solution: COMPLETED,
    proof: {
      solution: { answer: "MATCH (t:Task)\nWHERE t.status = 'completed'\nRETURN count(t) AS done" },
      starter: { answer: OPEN_COUNT, reason: /returns 5, which is not/ },
      wrong: [
        { answer: "MATCH (t:Task {status: 'Completed'}) RETURN count(*) AS completedTasks", misconception: "string matching ignores case" },
        { answer: "MATCH (t:Task) RETURN count(*) AS tasks", misconception: "every task that exists is done" },
        { answer: "MATCH (t:Task {status: 'completed'}) RETURN t.name AS task", misconception: "listing the tasks is counting them" },
      ],
    },
  },
  "only-indirect": {
    async check(answer, ctx) {
      const mine = await learnerRows(answer, ctx);
      if (!Array.isArray(mine)) return mine;
      const want = await ctx.sharedQuery(ONLY_INDIRECT);
      if (sameRows(mine, want)) return pass(`Only ${want.map((r) => r.service).join(", ")} reaches the database through other services alone.`);
      if (mine.some((r) => Object.keys(r).length !== 1)) return fail(`Expected one column, the service names; your query returns ${shown(mine)}.`);
      return fail(`Your query names ${mine.map((r) => String(Object.values(r)[0])).join(", ") || "no services"}; expected only the services with no direct DEPENDS_ON to the database.`);
    },
    hints: [
      "Return only the names, once each: RETURN DISTINCT m.name AS service.",
      "A service that also depends on the database directly does not count: OPTIONAL MATCH the direct edge and keep the services where it is missing (count = 0).",
    ],
    solution: ONLY_INDIRECT,
    proof: {
      solution: { answer: ONLY_INDIRECT },
      starter: { answer: INDIRECT, reason: /Expected one column/ },
      wrong: [
        { answer: "MATCH (m:Microservice)-[:DEPENDS_ON*2..]->(:Microservice {name: 'Database'}) RETURN DISTINCT m.name AS service", misconception: "a path of two hops rules out a direct edge" },
        { answer: "MATCH (m:Microservice)-[:DEPENDS_ON]->(:Microservice {name: 'Database'}) RETURN m.name AS service", misconception: "direct and indirect dependents are the same list" },
      ],
    },
  },
  "scratch-idea": {
    async check(_answer, ctx) {
      const rows = await scratchRows(ctx, "MATCH (i:Idea) RETURN i.id AS id, i.text AS text", "Your scratch graph has no Idea table yet: run the scratch-schema cell, then the cell that adds the idea.");
      if (!Array.isArray(rows)) return rows;
      const topK = rows.find((r) => r.id === "top-k");
      if (!topK) return fail(`Your scratch graph holds ${rows.length === 0 ? "no ideas" : `ideas ${rows.map((r) => `"${String(r.id)}"`).join(", ")}`}; none has the id "top-k".`);
      if (typeof topK.text !== "string" || !topK.text.trim()) return fail('The "top-k" idea has no text: set i.text to what you learned.');
      return pass(`Your scratch graph holds the idea "top-k": ${topK.text}`);
    },
    hints: [
      "The id comes from the :param line above the query: change its value.",
      'Ids are exact strings: "top-k", lowercase with a hyphen. Run scratch-schema first if the Idea table is missing.',
    ],
    solution: ':use scratch\n:param id => "top-k"\nMERGE (i:Idea {id: $id})\nSET i.text = \'More chunks help recall, but each one costs prompt tokens\'\nRETURN i.id AS id, i.text AS text',
    proof: {
      solution: { state: { scratch: [SCHEMA, idea("chunking", "size"), idea("top-k", "More chunks help recall")] } },
      starter: { state: { scratch: [SCHEMA, idea("chunking", "Chunk size matters less than top-k for vector search here")] }, reason: /ideas "chunking"; none has the id "top-k"/ },
      wrong: [
        { state: { scratch: [] }, misconception: "MERGE creates the table it writes to" },
        { state: { scratch: [SCHEMA, idea("Top-K", "More chunks help recall")] }, misconception: "ids are matched regardless of case" },
      ],
    },
  },
};

import "server-only";
import { fail, pass, predictChoice, sameRows } from "../checks";
import { scratchRows, sharedCellRows, shown } from "../cypher-cell";
import type { LessonExercises, Rows } from "../types";

const PER_TEAM_PAIRS = "MATCH (m:Microservice)-[:MAINTAINED_BY]->(t:Team)\nRETURN t.name AS team, m.name AS service\nORDER BY team, service";
const PER_TEAM = "MATCH (m:Microservice)-[:MAINTAINED_BY]->(t:Team)\nRETURN t.name AS team, count(m) AS services";
const DIRECT = "MATCH (:Microservice {name: 'OrderService'})-[:DEPENDS_ON]->(d:Microservice)\nRETURN d.name AS dependency";
const ALL_DEPS = "MATCH (:Microservice {name: 'OrderService'})-[:DEPENDS_ON*1..]->(d:Microservice)\nRETURN DISTINCT d.name AS dependency";

// The scratch-setup cell's statements, as the proofs build a learner's scratch graph from them.
const SETUP = [
  "CREATE NODE TABLE IF NOT EXISTS Service(name STRING, language STRING, PRIMARY KEY (name))",
  "CREATE REL TABLE IF NOT EXISTS USES(FROM Service TO Service)",
  "MERGE (s:Service {name: 'Web'}) SET s.language = 'TypeScript'",
  "MERGE (s:Service {name: 'Api'}) SET s.language = 'Go'",
  "MERGE (s:Service {name: 'Db'}) SET s.language = 'SQL'",
];
const uses = (a: string, b: string) => `MATCH (a:Service {name: '${a}'}), (b:Service {name: '${b}'}) MERGE (a)-[:USES]->(b)`;

const names = (rows: Rows) => rows.map((r) => String(Object.values(r)[0])).join(", ") || "nothing";

export const exercises: LessonExercises = {
  "graph-size": predictChoice({
    correct: 1,
    choices: 3,
    explanation:
      "The course material speaks of about 100 nodes, but the data it loads is smaller: the cell counts every label and adds them up. Counting beats quoting, for graphs as for any data set.",
    proof: {
      solution: { answer: 1 },
      starter: { answer: undefined, reason: /Choose one/ },
      wrong: [
        { answer: 0, misconception: "the course material's figure is the data's" },
        { answer: 2, misconception: "a knowledge graph is always large" },
      ],
    },
  }),
  "services-per-team": {
    async check(answer, ctx) {
      const mine = await sharedCellRows(answer, ctx);
      if (!Array.isArray(mine)) return mine;
      const want = await ctx.sharedQuery(PER_TEAM);
      if (sameRows(mine, want)) return pass(`One row per team: ${want.map((r) => `${String(r.team)} ${String(r.services)}`).join(", ")}.`);
      if (mine.some((r) => Object.keys(r).length !== 2)) return fail(`Expected two columns, the team and a count; your query returns ${shown(mine)}.`);
      if (mine.length > want.length) return fail(`Your query returns ${mine.length} rows; there are ${want.length} teams. Returning the service beside the team makes each pair its own group.`);
      return fail(`Your query returns ${shown(mine)}, but not each team with the number of services it maintains.`);
    },
    hints: [
      "Return the team's name and count(m), and nothing else: whatever you return beside the count is what it groups by.",
      "Keep the MATCH as it is: MAINTAINED_BY goes from the service to the team. Counting ASSIGNED_TO would count tasks instead.",
    ],
    solution: PER_TEAM,
    proof: {
      solution: { answer: "MATCH (t:Team)<-[:MAINTAINED_BY]-(m:Microservice)\nRETURN t.name AS team, count(*) AS n\nORDER BY n DESC" },
      starter: { answer: PER_TEAM_PAIRS, reason: /rows; there are \d+ teams/ },
      wrong: [
        { answer: "MATCH (m:Microservice)-[:MAINTAINED_BY]->(t:Team)\nRETURN t.name AS team, m.name AS service, count(*) AS n", misconception: "count groups by the first column only" },
        { answer: "MATCH (task:Task)-[:ASSIGNED_TO]->(t:Team)\nRETURN t.name AS team, count(task) AS services", misconception: "a team's tasks are its services" },
        { answer: "MATCH (m:Microservice)-[:MAINTAINED_BY]->(t:Team)\nRETURN 'all' AS team, count(m) AS services", misconception: "one total answers a per-team question" },
      ],
    },
  },
  "all-dependencies": {
    async check(answer, ctx) {
      const mine = await sharedCellRows(answer, ctx);
      if (!Array.isArray(mine)) return mine;
      const want = await ctx.sharedQuery(ALL_DEPS);
      if (sameRows(mine, want)) return pass(`OrderService needs ${want.length} services: ${names(want)}.`);
      if (mine.some((r) => Object.keys(r).length !== 1)) return fail(`Expected one column, the service names; your query returns ${shown(mine)}.`);
      const distinct = new Set(mine.map((r) => JSON.stringify(Object.values(r))));
      if (distinct.size < mine.length) return fail(`Your query returns ${mine.length} rows but only ${distinct.size} different names: several paths reach the same service. Return each name once.`);
      const direct = await ctx.sharedQuery(DIRECT);
      if (sameRows(mine, direct)) return fail(`Your query returns the ${direct.length} direct dependencies only (${names(direct)}); follow DEPENDS_ON over more than one hop.`);
      return fail(`Your query names ${names(mine)}; expected every service OrderService depends on, directly or through others.`);
    },
    hints: [
      "A variable-length pattern follows one hop or more: -[:DEPENDS_ON*1..]->. Keep the arrow's direction: from OrderService to what it needs.",
      "Several paths can end at the same service: RETURN DISTINCT d.name AS dependency.",
    ],
    solution: ALL_DEPS,
    proof: {
      solution: { answer: ALL_DEPS },
      starter: { answer: DIRECT, reason: /direct dependencies only/ },
      wrong: [
        { answer: "MATCH (:Microservice {name: 'OrderService'})-[:DEPENDS_ON*1..]->(d:Microservice)\nRETURN d.name AS dependency", misconception: "each node is matched once, whatever the number of paths" },
        { answer: "MATCH (:Microservice {name: 'OrderService'})<-[:DEPENDS_ON*1..]-(d:Microservice)\nRETURN DISTINCT d.name AS dependency", misconception: "relationship direction does not matter" },
        { answer: "MATCH (:Microservice {name: 'OrderService'})-[:DEPENDS_ON*2..]->(d:Microservice)\nRETURN DISTINCT d.name AS dependency", misconception: "*2.. counts the first hop too" },
      ],
    },
  },
  "scratch-path": {
    async check(_answer, ctx) {
      const rows = await scratchRows(ctx, "MATCH (a:Service)-[:USES]->(b:Service) RETURN a.name AS from, b.name AS to", "Your scratch graph has no Service or USES table yet: run the scratch-setup cell first, then this one.");
      if (!Array.isArray(rows)) return rows;
      const has = (a: string, b: string) => rows.some((r) => r.from === a && r.to === b);
      const listed = rows.map((r) => `${String(r.from)} → ${String(r.to)}`).join(", ") || "no USES relationships";
      if (has("Web", "Api") && has("Api", "Db")) return pass(`Web → Api → Db: Web now reaches Db through Api.`);
      if (has("Db", "Api")) return fail(`Your scratch graph has ${listed}. Db → Api points the wrong way: a relationship is read in its direction.`);
      if (has("Web", "Db")) return fail(`Your scratch graph has ${listed}. Web → Db is a direct link; the path should go through Api.`);
      return fail(`Your scratch graph has ${listed}; there is no path Web → Api → Db.`);
    },
    hints: [
      "Match Api and Db instead of Web and Api, then MERGE (a)-[:USES]->(b).",
      "Arrows are read from left to right: (a:Service {name: 'Api'}) … (b:Service {name: 'Db'}) MERGE (a)-[:USES]->(b).",
    ],
    solution: ":use scratch\nMATCH (a:Service {name: 'Api'}), (b:Service {name: 'Db'})\nMERGE (a)-[:USES]->(b)\nRETURN a.name AS from, b.name AS to",
    proof: {
      solution: { state: { scratch: [...SETUP, uses("Web", "Api"), uses("Api", "Db")] } },
      starter: { state: { scratch: [...SETUP, uses("Web", "Api")] }, reason: /Web → Api; there is no path/ },
      wrong: [
        { state: { scratch: [...SETUP, uses("Web", "Api"), uses("Db", "Api")] }, misconception: "relationships have no direction" },
        { state: { scratch: [...SETUP, uses("Web", "Api"), uses("Web", "Db")] }, misconception: "any link from Web to Db goes through Api" },
        { state: { scratch: [] }, misconception: "MERGE creates the tables it writes to" },
      ],
    },
  },
};

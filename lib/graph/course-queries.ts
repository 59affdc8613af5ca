/**
 * The course's DevOps questions as Cypher in the subset both engines run.
 * Changed from the course text: status 'Open' is 'open' (the data's spelling),
 * and every returned expression has an alias, because the engines name
 * unaliased columns differently (count(*) vs COUNT_STAR()).
 */
export const COURSE_QUERIES = {
  openTasks: "MATCH (t:Task {status: 'open'}) RETURN count(*) AS openTasks",
  teamWithMostOpenTasks:
    "MATCH (t:Task)-[:ASSIGNED_TO]->(team:Team) WHERE t.status = 'open' " +
    "RETURN team.name AS team, count(t) AS openTasks ORDER BY openTasks DESC LIMIT 1",
  directDependents: "MATCH (m:Microservice)-[:DEPENDS_ON]->(:Microservice {name: 'Database'}) RETURN m.name AS service",
  indirectDependents:
    "MATCH (m:Microservice)-[:DEPENDS_ON*2..]->(:Microservice {name: 'Database'}) RETURN m.name AS service",
  paymentMaintainer:
    "MATCH (:Microservice {name: 'PaymentService'})-[:MAINTAINED_BY]->(t:Team) RETURN t.name AS team",
} as const;

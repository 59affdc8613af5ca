/**
 * Hostile learner Cypher, by the class of harm it would do, for replay by the
 * guard's unit tests, the engine process tests and the end-to-end server
 * tests. Every entry must be refused on each graph in `refusedOn`; none of
 * them crashes LadybugDB 0.19.1 (the crashing built-ins are a separate
 * concern: the engine runs in its own process).
 */

export type AttackClass = "file" | "extension" | "database" | "procedure" | "transaction" | "write";

export interface AttackQuery {
  class: AttackClass;
  cypher: string;
  /** Writes and schema changes are a learner's right on their own scratch graph. */
  refusedOn: readonly ("shared" | "scratch")[];
}

export interface AttackPaths {
  /** A file the server can read and a learner must not, e.g. the data dir's admin.token. */
  readable: string;
  /** A directory that exists, to import from or attach. */
  dir: string;
  /** A path that does not exist yet and must not be created (COPY TO writes `<writable>.csv`). */
  writable: string;
}

const BOTH = ["shared", "scratch"] as const;
const SHARED = ["shared"] as const;
const quote = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/**
 * The lexer trick of issue 12: to a lexer that ends a block comment at the
 * first `*` `/`, this is a comment and one string literal; LadybugDB pairs
 * `**` inside the comment, reads on to the next `*` `/`, and then sees the
 * statement and a line comment.
 */
export const smuggled = (cypher: string) => `/* **/ ' */ ${cypher} //'`;

/** Every query refused on the graphs it names, paths filled in. */
export function attackCorpus(paths: AttackPaths): AttackQuery[] {
  const readable = quote(paths.readable);
  const dir = quote(paths.dir);
  const writable = quote(paths.writable);
  const csvOut = quote(`${paths.writable}.csv`);
  const plain: AttackQuery[] = [
    { class: "file", cypher: `COPY (MATCH (t:Team) RETURN t.name) TO ${csvOut}`, refusedOn: BOTH },
    { class: "file", cypher: `COPY Team FROM ${readable} (file_format='csv', header=false)`, refusedOn: BOTH },
    { class: "file", cypher: `LOAD FROM ${readable} RETURN *`, refusedOn: BOTH },
    // The engine picks a reader by the file's extension unless told: this reads any file.
    { class: "file", cypher: `LOAD FROM ${readable} (file_format='csv', header=false) RETURN *`, refusedOn: BOTH },
    { class: "file", cypher: `MATCH (t:Team) WITH t LIMIT 1 LOAD FROM ${readable} (file_format='csv') RETURN *`, refusedOn: BOTH },
    { class: "file", cypher: `EXPORT DATABASE ${writable}`, refusedOn: BOTH },
    { class: "file", cypher: `IMPORT DATABASE ${dir}`, refusedOn: BOTH },
    { class: "extension", cypher: "INSTALL json", refusedOn: BOTH },
    { class: "extension", cypher: "FORCE INSTALL json", refusedOn: BOTH },
    { class: "extension", cypher: "UNINSTALL json", refusedOn: BOTH },
    { class: "extension", cypher: "LOAD EXTENSION json", refusedOn: BOTH },
    { class: "extension", cypher: `LOAD EXTENSION ${readable}`, refusedOn: BOTH },
    { class: "database", cypher: `ATTACH ${dir} AS other (dbtype lbug)`, refusedOn: BOTH },
    { class: "database", cypher: "DETACH other", refusedOn: BOTH },
    { class: "database", cypher: "USE other", refusedOn: BOTH },
    { class: "database", cypher: "CREATE GRAPH other", refusedOn: BOTH },
    { class: "procedure", cypher: "CALL threads=1", refusedOn: BOTH },
    { class: "procedure", cypher: "CALL timeout=0", refusedOn: BOTH },
    { class: "procedure", cypher: "CALL current_setting('timeout') RETURN *", refusedOn: BOTH },
    { class: "procedure", cypher: "CALL show_attached_databases() RETURN *", refusedOn: BOTH },
    { class: "procedure", cypher: "CALL db_version() RETURN *", refusedOn: BOTH },
    { class: "procedure", cypher: "CALL show_functions() RETURN *", refusedOn: BOTH },
    { class: "transaction", cypher: "BEGIN TRANSACTION", refusedOn: BOTH },
    { class: "transaction", cypher: "BEGIN TRANSACTION READ ONLY", refusedOn: BOTH },
    { class: "transaction", cypher: "COMMIT", refusedOn: BOTH },
    { class: "transaction", cypher: "ROLLBACK", refusedOn: BOTH },
    { class: "transaction", cypher: "CHECKPOINT", refusedOn: BOTH },
    { class: "write", cypher: "CREATE (:Team {id: 'teamX', name: 'TeamX'})", refusedOn: SHARED },
    { class: "write", cypher: "MERGE (:Team {id: 'teamX', name: 'TeamX'})", refusedOn: SHARED },
    { class: "write", cypher: "MATCH (t:Team) SET t.name = 'renamed'", refusedOn: SHARED },
    { class: "write", cypher: "MATCH (t:Task) DELETE t", refusedOn: SHARED },
    { class: "write", cypher: "MATCH (t:Task) DETACH DELETE t", refusedOn: SHARED },
    { class: "write", cypher: "MATCH (a:Microservice), (b:Microservice) CREATE (a)-[:DEPENDS_ON]->(b)", refusedOn: SHARED },
    { class: "write", cypher: "UNWIND [1, 2] AS x MERGE (:Team {id: 'team' + CAST(x AS STRING)})", refusedOn: SHARED },
    { class: "write", cypher: "CREATE NODE TABLE Evil(id STRING, PRIMARY KEY (id))", refusedOn: SHARED },
    { class: "write", cypher: "ALTER TABLE Team ADD evil STRING", refusedOn: SHARED },
    { class: "write", cypher: "DROP TABLE LINKED_TO", refusedOn: SHARED },
    { class: "write", cypher: "CREATE SEQUENCE evil", refusedOn: SHARED },
    { class: "write", cypher: "CREATE MACRO evil(x) AS x + 1", refusedOn: BOTH },
    { class: "write", cypher: "COPY Team FROM (UNWIND ['x'] AS k RETURN k, k)", refusedOn: BOTH },
  ];
  // The disguise on the worst of each class.
  const disguised = plain
    .filter((q) => ["COPY (", "LOAD FROM", "EXPORT", "ATTACH", "LOAD EXTENSION json", "CALL timeout", "CHECKPOINT", "MATCH (t:Team) SET"].some((p) => q.cypher.startsWith(p)))
    .map((q) => ({ ...q, cypher: smuggled(q.cypher) }));
  return [...plain, ...disguised];
}

/**
 * Pulls the Cypher query out of a chat model's reply. Models wrap it in code
 * fences, put "Here is the query:" before it or an explanation after it,
 * whatever the prompt says. Write clauses count as Cypher here, so that a
 * write is refused as a write rather than passed off as prose.
 */

const CLAUSES = "OPTIONAL\\s+MATCH|MATCH|UNWIND|WITH|RETURN|CALL|CREATE|MERGE|DETACH\\s+DELETE|DELETE|SET|REMOVE|DROP|LOAD|COPY|FOREACH|EXPLAIN|PROFILE";

/** In a code block the keyword may be in any case. */
const STARTS_LIKE_CYPHER = new RegExp(`^(?:${CLAUSES})\\b`, "i");
/**
 * In running text only an upper-case keyword counts ("Match the tasks..." is
 * prose, "...the query: MATCH (t:Task)" is not), or a lower-case one directly
 * followed by a pattern: "match (t:Task)".
 */
const CYPHER_IN_TEXT = new RegExp(`\\b(?:${CLAUSES})\\b|\\b(?:optional\\s+match|match|merge|create)\\s*\\(`);

const FENCE = /```[^\S\n]*([\w-]*)[^\n]*\n([\s\S]*?)```/g;

function tidy(query: string): string {
  return query.trim().replace(/`+$/, "").replace(/;\s*$/, "").trim();
}

/** The query in `reply`, or null when the reply holds none. */
export function extractCypher(reply: string): string | null {
  const blocks = [...reply.matchAll(FENCE)].map(([, lang, body]) => ({ lang: lang.toLowerCase(), body: tidy(body) }));
  // A block marked cypher is taken as it is (it may start with a comment); an unmarked one must look like Cypher.
  const block =
    blocks.find((b) => b.lang === "cypher" && b.body) ?? blocks.find((b) => STARTS_LIKE_CYPHER.test(b.body));
  if (block) return block.body;

  const start = reply.search(CYPHER_IN_TEXT);
  if (start === -1) return null;
  // An explanation after the query is separated by a blank line.
  const query = tidy(reply.slice(start).split(/\n\s*\n/)[0]);
  return query || null;
}

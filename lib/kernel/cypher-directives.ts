/**
 * Cypher cells take parameters the way Neo4j Browser does: leading lines of
 * the form `:param name => <JSON value>`. They are sent as query parameters,
 * never spliced into the query text.
 */
const PARAM_LINE = /^:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+)$/;

export function parseCypherCell(code: string): { cypher: string; params: Record<string, unknown> } {
  const lines = code.split("\n");
  const params: Record<string, unknown> = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith("//")) continue;
    const m = PARAM_LINE.exec(line);
    if (!m) break;
    try {
      params[m[1]] = JSON.parse(m[2]);
    } catch {
      throw new SyntaxError(`line ${i + 1}: the value of :param ${m[1]} must be JSON, e.g. :param status => "open"`);
    }
  }
  // Blank the directive lines so the engine's line numbers still match the cell's.
  return { cypher: lines.map((l, j) => (j < i && l.trim().startsWith(":param") ? "" : l)).join("\n"), params };
}

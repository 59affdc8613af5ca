/**
 * Cypher cells take directives on their first lines, as Neo4j Browser does:
 * `:param name => <JSON value>` (sent as a query parameter, never spliced
 * into the text) and `:use scratch` (run on the learner's own writable graph
 * instead of the shared read-only one).
 */
const PARAM_LINE = /^:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+)$/;
const USE_LINE = /^:use\s+(shared|scratch)\s*$/;

export function parseCypherCell(code: string): { cypher: string; params: Record<string, unknown>; graph: "shared" | "scratch" } {
  const lines = code.split("\n");
  const params: Record<string, unknown> = {};
  let graph: "shared" | "scratch" = "shared";
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith("//")) continue;
    const use = USE_LINE.exec(line);
    if (use) {
      graph = use[1] as "shared" | "scratch";
      continue;
    }
    const m = PARAM_LINE.exec(line);
    if (!m) break;
    try {
      params[m[1]] = JSON.parse(m[2]);
    } catch {
      throw new SyntaxError(`line ${i + 1}: the value of :param ${m[1]} must be JSON, e.g. :param status => "open"`);
    }
  }
  // Blank the directive lines so the engine's line numbers still match the cell's.
  return { cypher: lines.map((l, j) => (j < i && l.trim().startsWith(":") ? "" : l)).join("\n"), params, graph };
}

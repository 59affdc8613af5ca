import fs from "node:fs";
import path from "node:path";

export type Level = "public" | "learner" | "instructor";

export interface RouteMethod {
  /** The route's path pattern as Next names it, e.g. /api/jobs/[id]. */
  pattern: string;
  /** A concrete URL for it (dynamic segments filled with real or harmless values). */
  url: string;
  method: string;
  level: Level;
  file: string;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
/** Values for dynamic segments: real ones where a wrong one would only test the 404 path. */
const SEGMENTS: Record<string, string> = { lesson: "notebook-basics", cell: "hello", slug: "notebook-basics", id: "no-such-id", token: "not-a-token" };

/**
 * Every page and route handler under app/, found by walking the tree so a
 * new route cannot be left out, with the access level its file declares:
 * `route(handler, { access: ... })` per exported method, learner by default.
 */
export function appRoutes(appDir = path.join(process.cwd(), "app")): RouteMethod[] {
  const found: RouteMethod[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^(route|page)\.tsx?$/.test(entry.name)) found.push(...methodsOf(full, appDir));
    }
  };
  walk(appDir);
  return found;
}

function methodsOf(file: string, appDir: string): RouteMethod[] {
  const pattern = `/${path.relative(appDir, path.dirname(file)).split(path.sep).filter(Boolean).join("/")}`.replace(/\/$/, "") || "/";
  const url = pattern.replace(/\[(\w+)\]/g, (_, name: string) => SEGMENTS[name] ?? "x");
  const source = fs.readFileSync(file, "utf8");
  if (path.basename(file).startsWith("page.")) return [{ pattern, url, method: "GET", level: source.includes("await instructorForPage()") ? "instructor" : "learner", file }];
  // Each export's text runs to the next export; its options name its level.
  const exports = [...source.matchAll(/export (?:const|async function) (\w+)/g)];
  return exports
    .map((m, i) => ({ name: m[1], text: source.slice(m.index, exports[i + 1]?.index ?? source.length) }))
    .filter((e) => METHODS.includes(e.name))
    .map((e) => {
      const declared = /access: "(public|instructor)"/.exec(e.text)?.[1] as Level | undefined;
      if (!/=\s*route[<(]/.test(e.text)) throw new Error(`${file}: ${e.name} is not wrapped in route(), so it declares no access level`);
      return { pattern, url, method: e.name, level: declared ?? "learner", file };
    });
}

/**
 * Fails when server code reaches the browser: scans the client bundle that
 * `next build` wrote (.next/static/**\/*.js) for traces only server modules
 * leave: their folders, the server SDKs and native stores, Node-only modules,
 * the admin token's file and header. Production chunks carry no module
 * paths, so the literals alone miss a pure server module (no SDK, no Node
 * built-in); the source maps (productionBrowserSourceMaps in next.config.mjs)
 * do name every bundled module, and each must be browser code: lib/ui,
 * lib/kernel, lib/sdk, lib/api, a capability's contract or a module the import rule allows. The import rule in eslint.config.mjs stops most of this at lint time; this
 * checks what was actually shipped. Run after `npm run build`.
 */
import fs from "node:fs";
import path from "node:path";

const SERVER_TRACES = [
  "lib/db/", "lib/server/", "lib/services", "lib/graph/engine", "lib/jobs/", "lib/llm/", "lib/embeddings/", "lib/vectorstore/",
  "@ladybugdb", "@lancedb", "neo4j-driver", "weaviate-client", "@langchain/", "@energetic-ai",
  "node:sqlite", "better-sqlite", "server-only", "node:fs", "node:child_process", "node:async_hooks",
  "admin.token", "x-ragcamp-admin",
];

// The browser allow-list is the import rule's own (eslint.config.mjs), so the two cannot drift.
const lintConfig: string = "../eslint.config.mjs"; // a plain .mjs without types
const { BROWSER_FOLDERS, BROWSER_SAFE_MODULES, CONTRACT } = (await import(lintConfig)) as { BROWSER_FOLDERS: string[]; BROWSER_SAFE_MODULES: string[]; CONTRACT: string };
const contractModule = new RegExp(`^${CONTRACT.replace(/\$$/, "")}\\.ts$`);
const browserSource = (rel: string) =>
  BROWSER_FOLDERS.some((folder) => rel.startsWith(`${folder}/`)) || BROWSER_SAFE_MODULES.some((m) => rel === `${m}.ts` || rel === `${m}.tsx`) || contractModule.test(rel);

function filesEnding(dir: string, suffix: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesEnding(p, suffix) : e.name.endsWith(suffix) ? [p] : [];
  });
}

/** Project modules a source map names that are not browser code (packages and Next's own files pass). */
function serverSources(mapFile: string): string[] {
  const map = JSON.parse(fs.readFileSync(mapFile, "utf8")) as { sources?: string[]; sections?: { map: { sources?: string[] } }[] };
  const sources = [...(map.sources ?? []), ...(map.sections ?? []).flatMap((s) => s.map.sources ?? [])];
  return sources.filter((src) => {
    const rel = src.replace(/^.*\[project\]\//, "").replace(/^(turbopack|webpack):\/\/\/?(\.\/)?/, "").replace(/^\.\//, "");
    return /^(lib|app)\//.test(rel) && !browserSource(rel);
  });
}

const staticDir = path.join(process.cwd(), ".next", "static");
if (!fs.existsSync(staticDir)) {
  console.error(`check-client-bundle: ${staticDir} is missing; run \`npm run build\` first.`);
  process.exit(2);
}
const files = filesEnding(staticDir, ".js");
const hits: string[] = [];
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  for (const trace of SERVER_TRACES) {
    const at = text.indexOf(trace);
    if (at >= 0) hits.push(`${path.relative(process.cwd(), file)}: "${trace}" in …${text.slice(Math.max(0, at - 60), at + trace.length + 60).replace(/\s+/g, " ")}…`);
  }
}
const maps = filesEnding(staticDir, ".js.map");
for (const mapFile of maps) {
  for (const src of serverSources(mapFile)) hits.push(`${path.relative(process.cwd(), mapFile)}: server module ${src}`);
}
if (maps.length === 0) hits.push("no source maps in .next/static: productionBrowserSourceMaps must stay on in next.config.mjs for this check to see module paths");
if (hits.length) {
  console.error(`check-client-bundle: server code in the client bundle (${hits.length}):\n${hits.join("\n")}`);
  process.exit(1);
}
console.log(`check-client-bundle: ${files.length} client chunks and ${maps.length} source maps, no server code.`);

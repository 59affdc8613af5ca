// Copies Monaco into public/ (served by the app itself, never a CDN) and
// writes public/lab.d.ts, the `lab` SDK declarations Monaco uses for
// completion, generated from lib/sdk/types.ts so they cannot drift.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const monacoSrc = path.join(root, "node_modules/monaco-editor/min/vs");
const monacoDst = path.join(root, "public/monaco/vs");
const version = JSON.parse(fs.readFileSync(path.join(root, "node_modules/monaco-editor/package.json"), "utf8")).version;
const stamp = path.join(monacoDst, ".version");
if (!fs.existsSync(stamp) || fs.readFileSync(stamp, "utf8") !== version) {
  fs.rmSync(monacoDst, { recursive: true, force: true });
  fs.cpSync(monacoSrc, monacoDst, { recursive: true });
  fs.writeFileSync(stamp, version);
}

const outDir = fs.mkdtempSync(path.join(root, "node_modules/.cache-lab-dts-"));
try {
  execFileSync(
    process.execPath,
    [path.join(root, "node_modules/typescript/bin/tsc"), "lib/sdk/types.ts", "--declaration", "--emitDeclarationOnly", "--skipLibCheck", "--outDir", outDir],
    { cwd: root, stdio: "inherit" },
  );
  const dts = fs.readFileSync(path.join(outDir, "types.d.ts"), "utf8");
  // Module declarations become ambient ones so cells (scripts) see them as globals.
  const ambient = dts.replace(/^export (type|interface|declare) /gm, (_m, kw) => (kw === "declare" ? "declare " : `${kw} `));
  fs.writeFileSync(path.join(root, "public/lab.d.ts"), `${ambient}\n/** The lab SDK: display, tables, charts and calls to the ragcamp server. */\ndeclare const lab: Lab;\n`);
} finally {
  fs.rmSync(outDir, { recursive: true, force: true });
}
console.error("prepared public/monaco and public/lab.d.ts");

// Copies Monaco into public/ (served by the app itself, never a CDN) and
// regenerates public/lab.d.ts, the `lab` SDK declarations Monaco uses for
// completion (scripts/lab-dts.ts).
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

execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/lab-dts.ts"], { cwd: root, stdio: "inherit" });
console.error("prepared public/monaco and public/lab.d.ts");

// Run first by `npm test`: the Debian packages the tests need, installed when run as root.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { ensureSystemDeps, findPostgresBin, type SystemNeed } from "./system-deps";

const needs: SystemNeed[] = [
  // Another build named by CHROMIUM_PATH is the caller's to provide (e2e/global-setup.ts checks it).
  ...(process.env.CHROMIUM_PATH
    ? []
    : [{ pkg: "chromium", why: "the browser the end-to-end tests drive (Playwright cannot download one here)", present: () => fs.existsSync("/usr/bin/chromium") }]),
  // The lab's font stack falls back to DejaVu; without any font, screenshots show empty boxes.
  { pkg: "fonts-dejavu-core", why: "text in the browser and its screenshots", present: () => fs.existsSync("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") },
  // The unit tests start their own throwaway cluster from these binaries; the system cluster
  // Debian starts on 5432 after installing is left alone (ours picks a free port).
  { pkg: "postgresql", why: "the database server the app-database tests run against", present: () => findPostgresBin() !== undefined },
];

process.exitCode = ensureSystemDeps(needs, {
  isRoot: process.getuid?.() === 0,
  hasAptGet: spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0,
  run: (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status ?? 1,
  say: (text) => console.error(text),
});

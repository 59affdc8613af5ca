import fs from "node:fs";
import path from "node:path";

/** A Debian package the tests need, and how to tell it is there without asking dpkg (which another distribution lacks). */
export type SystemNeed = { pkg: string; why: string; present: () => boolean };

/** What the check may do on this machine; fakes stand in for it in the unit test. */
export type Host = {
  isRoot: boolean;
  hasAptGet: boolean;
  /** Runs a command with inherited output and returns its exit status. */
  run: (cmd: string, args: string[]) => number;
  say: (text: string) => void;
};

export function installCommand(pkgs: string[], sudo: boolean): string {
  const s = sudo ? "sudo " : "";
  return `${s}apt-get update && ${s}apt-get install -y ${pkgs.join(" ")}`;
}

/**
 * Installs the missing packages with apt-get when run as root; otherwise prints the exact
 * command. Returns the exit code for `npm test`: non-zero stops it before lint and build.
 */
export function ensureSystemDeps(needs: SystemNeed[], host: Host): number {
  const missing = needs.filter((n) => !n.present());
  if (missing.length === 0) return 0;
  const pkgs = missing.map((n) => n.pkg);
  const list = missing.map((n) => `  ${n.pkg}: ${n.why}`).join("\n");
  if (!host.hasAptGet) {
    host.say(`The tests need these packages, and this machine has no apt-get to install them:\n${list}\nInstall them with your package manager (set CHROMIUM_PATH to the browser if it is not /usr/bin/chromium), then run npm test again.`);
    return 1;
  }
  if (!host.isRoot) {
    host.say(`The tests need these Debian packages:\n${list}\nInstall them with:\n\n  ${installCommand(pkgs, true)}\n\nthen run npm test again.`);
    return 1;
  }
  host.say(`Installing the Debian packages the tests need: ${pkgs.join(", ")}`);
  const status = host.run("apt-get", ["update", "-qq"]) || host.run("apt-get", ["install", "-y", "-qq", ...pkgs]);
  if (status !== 0) {
    host.say(`apt-get failed (exit ${status}); the command was:\n\n  ${installCommand(pkgs, false)}`);
    return status;
  }
  const still = missing.filter((n) => !n.present());
  if (still.length > 0) {
    host.say(`apt-get finished, but these are still missing: ${still.map((n) => n.pkg).join(", ")}`);
    return 1;
  }
  return 0;
}

/** The newest Debian server's bin directory (`/usr/lib/postgresql/<version>/bin` holding initdb), if any. */
export function findPostgresBin(root = "/usr/lib/postgresql"): string | undefined {
  let versions: string[];
  try {
    versions = fs.readdirSync(root);
  } catch {
    return undefined;
  }
  const newest = versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v) && fs.existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest && path.join(root, newest, "bin");
}

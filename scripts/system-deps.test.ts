import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSystemDeps, findPostgresBin, type Host, type SystemNeed } from "./system-deps";

/** A fake machine: packages "install" when apt-get install names them, unless told to fail. */
function fakeMachine(opts: { isRoot: boolean; hasAptGet?: boolean; installed?: string[]; aptFails?: "update" | "install"; installDoesNothing?: boolean }) {
  const installed = new Set(opts.installed ?? []);
  const ran: string[] = [];
  const said: string[] = [];
  const host: Host = {
    isRoot: opts.isRoot,
    hasAptGet: opts.hasAptGet ?? true,
    run: (cmd, args) => {
      ran.push([cmd, ...args].join(" "));
      if (opts.aptFails === args[0]) return 100;
      if (args[0] === "install" && !opts.installDoesNothing) args.filter((a) => !a.startsWith("-") && a !== "install").forEach((p) => installed.add(p));
      return 0;
    },
    say: (text) => said.push(text),
  };
  const needs: SystemNeed[] = ["chromium", "fonts-dejavu-core"].map((pkg) => ({ pkg, why: `${pkg} reason`, present: () => installed.has(pkg) }));
  return { host, needs, ran, said: () => said.join("\n"), installed };
}

describe("ensureSystemDeps", () => {
  it("does nothing when every package is there", () => {
    const m = fakeMachine({ isRoot: true, installed: ["chromium", "fonts-dejavu-core"] });
    expect(ensureSystemDeps(m.needs, m.host)).toBe(0);
    expect(m.ran).toEqual([]);
  });

  it("as root installs only the missing packages with apt-get and succeeds", () => {
    const m = fakeMachine({ isRoot: true, installed: ["fonts-dejavu-core"] });
    expect(ensureSystemDeps(m.needs, m.host)).toBe(0);
    expect(m.ran).toEqual(["apt-get update -qq", "apt-get install -y -qq chromium"]);
    expect(m.installed.has("chromium")).toBe(true);
  });

  it("without root installs nothing, prints the exact command and fails", () => {
    const m = fakeMachine({ isRoot: false });
    expect(ensureSystemDeps(m.needs, m.host)).not.toBe(0);
    expect(m.ran).toEqual([]);
    expect(m.said()).toContain("sudo apt-get update && sudo apt-get install -y chromium fonts-dejavu-core");
  });

  it("fails with apt-get's status and the command when apt-get fails", () => {
    for (const step of ["update", "install"] as const) {
      const m = fakeMachine({ isRoot: true, aptFails: step });
      expect(ensureSystemDeps(m.needs, m.host)).toBe(100);
      expect(m.ran.at(-1)).toContain(`apt-get ${step}`);
      expect(m.said()).toContain("apt-get install -y chromium fonts-dejavu-core");
    }
  });

  it("fails when apt-get succeeds but a package is still missing", () => {
    const m = fakeMachine({ isRoot: true, installDoesNothing: true });
    expect(ensureSystemDeps(m.needs, m.host)).toBe(1);
    expect(m.said()).toContain("still missing: chromium, fonts-dejavu-core");
  });

  it("on a machine without apt-get names the packages and fails", () => {
    const m = fakeMachine({ isRoot: true, hasAptGet: false });
    expect(ensureSystemDeps(m.needs, m.host)).toBe(1);
    expect(m.ran).toEqual([]);
    expect(m.said()).toContain("chromium: chromium reason");
  });
});

describe("findPostgresBin", () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-pg-bin-"));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const install = (version: string, withInitdb: boolean) => {
    fs.mkdirSync(path.join(root, version, "bin"), { recursive: true });
    if (withInitdb) fs.writeFileSync(path.join(root, version, "bin", "initdb"), "");
  };

  it("finds nothing where no server is installed", () => {
    expect(findPostgresBin(root)).toBeUndefined();
    expect(findPostgresBin(path.join(root, "missing"))).toBeUndefined();
  });

  it("picks the newest version that has initdb, comparing versions as numbers", () => {
    install("9.6", true);
    install("15", true);
    install("17", false); // client-only leftovers: no server binaries
    expect(findPostgresBin(root)).toBe(path.join(root, "15", "bin"));
  });
});

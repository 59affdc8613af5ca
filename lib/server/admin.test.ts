import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { announceServer, runningServer, serverFile } from "./admin";

const dirs: string[] = [];
const dataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-admin-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("announceServer", () => {
  it("refuses a data dir a live server process already announced", () => {
    const dir = dataDir();
    // The test runner's parent process is alive and is not this process.
    fs.writeFileSync(serverFile(dir), JSON.stringify({ pid: process.ppid, origin: "http://127.0.0.1:3000" }));
    expect(() => announceServer(dir, "http://127.0.0.1:3001")).toThrow(/Another ragcamp server \(pid \d+, http:\/\/127\.0\.0\.1:3000\)/);
    expect(JSON.parse(fs.readFileSync(serverFile(dir), "utf8")).origin).toBe("http://127.0.0.1:3000");
  });

  it("takes over from a server that is gone, and announces itself to the CLI", () => {
    const dir = dataDir();
    fs.writeFileSync(serverFile(dir), JSON.stringify({ pid: 2 ** 22 + 12345, origin: "http://127.0.0.1:3000" }));
    announceServer(dir, "http://127.0.0.1:3001");
    expect(JSON.parse(fs.readFileSync(serverFile(dir), "utf8"))).toEqual({ pid: process.pid, origin: "http://127.0.0.1:3001" });
    // This process's own announcement is not "another server".
    expect(runningServer(dir)).toBeNull();
    expect(() => announceServer(dir, "http://127.0.0.1:3001")).not.toThrow();
  });
});

import { randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Instructor operations (writing the shared course space) need the admin
 * token kept in the data dir. Only someone who can read that directory, i.e.
 * the instructor on the server machine and the CLI there, has it; learners'
 * browsers never do.
 */
export const ADMIN_HEADER = "x-ragcamp-admin";

export function adminToken(dataDir: string): string {
  const file = path.join(dataDir, "admin.token");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const token = randomBytes(32).toString("hex");
    fs.writeFileSync(file, token, { mode: 0o600, flag: "wx" });
    return token;
  }
}

export function isAdminRequest(headers: Headers, dataDir: string): boolean {
  const given = Buffer.from(headers.get(ADMIN_HEADER) ?? "");
  const expected = Buffer.from(adminToken(dataDir));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Where a running server announces itself so the CLI can go through it. */
export function serverFile(dataDir: string): string {
  return path.join(dataDir, "server.json");
}

/**
 * Claims the data dir for this server. A second server on the same dir would
 * mark the first one's jobs failed at start and fight it for the embedded
 * engines' files, so it is refused while the first one's process lives.
 */
export function announceServer(dataDir: string, origin: string): void {
  const other = runningServer(dataDir);
  if (other) {
    throw new Error(`Another ragcamp server (pid ${other.pid}, ${other.origin}) is using this data dir. Stop it first, or give this one its own RAGCAMP_DATA_DIR.`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(serverFile(dataDir), JSON.stringify({ pid: process.pid, origin }));
}

/** The running server for this data dir, if its process is alive. */
export function runningServer(dataDir: string): { pid: number; origin: string } | null {
  try {
    const info = JSON.parse(fs.readFileSync(serverFile(dataDir), "utf8")) as { pid: number; origin: string };
    if (info.pid === process.pid) return null;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}

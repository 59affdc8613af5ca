import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ServerEnv } from "@/lib/config/env";

/**
 * The secret that signs session cookies: from the environment, else
 * `<dataDir>/auth.secret`, generated on first start (as admin.token is) and
 * readable only by the lab's user. Every process on the data dir (the server,
 * the CLI) then signs alike.
 */
export function authSecret(e: Pick<ServerEnv, "dataDir" | "RAGCAMP_AUTH_SECRET" | "BETTER_AUTH_SECRET">): string {
  const given = e.RAGCAMP_AUTH_SECRET ?? e.BETTER_AUTH_SECRET;
  if (given) return given;
  const file = path.join(e.dataDir, "auth.secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(e.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch (err) {
      // Another process wrote it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    return fs.readFileSync(file, "utf8").trim();
  }
}

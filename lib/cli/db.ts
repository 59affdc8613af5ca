import { parseArgs } from "node:util";
import { env, parseEnv } from "@/lib/config/env";
import { copyAppDb } from "@/lib/db/copy";
import { LabError } from "@/lib/errors";
import { runningServer } from "@/lib/server/admin";
import type { CliIo } from "./output";

const USAGE = "Usage: ragcamp db copy --to postgres://user:password@host:port/database";

/** `ragcamp db copy --to URL`: moves this data dir's SQLite app database into an empty PostgreSQL one. */
export async function dbCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { to: { type: "string" } } });
  if (sub !== "copy" || !values.to) throw new LabError("bad_input", USAGE);
  // Checked as DATABASE_URL is, with the same message (which never repeats the URL: it holds a password).
  let to: string;
  try {
    to = parseEnv({ DATABASE_URL: values.to }).DATABASE_URL!;
  } catch (e) {
    throw new LabError("bad_input", `--to ${(e as Error).message.split("\n").at(-1)!.trim()}`);
  }
  const { dataDir } = env();
  // A server still writing to app.sqlite would leave the copy behind what learners see.
  if (runningServer(dataDir)) throw new LabError("conflict", `A lab server is running on ${dataDir}: stop it first, so nothing is written during the copy.`);
  const report = await copyAppDb(dataDir, to, (table, rows) => io.log(`${table.padEnd(20)} ${rows} rows`));
  io.result({ ok: true, ...report }, () => `Copied ${report.from} into ${report.to}. Start the lab with DATABASE_URL set to use it; app.sqlite is left as it was.`);
  return 0;
}

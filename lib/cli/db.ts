import { parseArgs } from "node:util";
import { parseEnv } from "@/lib/config/env";
import { copyAppDb } from "@/lib/db/copy";
import { LabError } from "@/lib/errors";
import { runningServer } from "@/lib/server/admin";
import type { CliIo } from "./output";

const USAGE = "Usage: ragcamp db copy [--to postgres://user:password@host:port/database] (default: DATABASE_URL, which keeps the password out of the command line)";

/** `ragcamp db copy --to URL`: moves this data dir's SQLite app database into an empty PostgreSQL one. */
export async function dbCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { to: { type: "string" } } });
  const target = values.to ?? process.env.DATABASE_URL;
  if (sub !== "copy" || !target) throw new LabError("bad_input", USAGE);
  // Checked as DATABASE_URL is, with the same message (which never repeats the URL: it holds a password).
  let to: string;
  try {
    to = parseEnv({ DATABASE_URL: target }).DATABASE_URL!;
  } catch (e) {
    throw new LabError("bad_input", `--to ${(e as Error).message.split("\n").at(-1)!.trim()}`);
  }
  // The data dir as configured, without reading DATABASE_URL through env(): here it names the target, not this process's database.
  const { dataDir } = parseEnv({ RAGCAMP_DATA_DIR: process.env.RAGCAMP_DATA_DIR });
  // A server still writing to app.sqlite would leave the copy behind what learners see.
  if (runningServer(dataDir)) throw new LabError("conflict", `A lab server is running on ${dataDir}: stop it first, so nothing is written during the copy.`);
  const report = await copyAppDb(dataDir, to, (table, rows) => io.log(`${table.padEnd(20)} ${rows} rows`));
  io.result({ ok: true, ...report }, () => `Copied ${report.from} into ${report.to}. Start the lab with DATABASE_URL set to use it; app.sqlite keeps its data (brought to the current schema).`);
  return 0;
}

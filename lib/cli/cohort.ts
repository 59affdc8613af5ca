import { parseArgs } from "node:util";
import { createCohort, instructorSignInLink } from "@/lib/auth";
import { env } from "@/lib/config/env";
import { appDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import { exportCohort } from "@/lib/cohort/contract";
import { inviteAll } from "@/lib/cohort/invite";
import { parseDuration } from "@/lib/learners/tokens";
import { runningServer } from "@/lib/server/admin";
import { serverApi } from "./lab-client";
import type { CliIo } from "./output";

/** Where the printed links point: the public address, else the server running on this data dir, else the default port. */
export function labOrigin(): string {
  return env().RAGCAMP_PUBLIC_URL ?? runningServer(env().dataDir)?.origin ?? "http://localhost:3000";
}

/**
 * `ragcamp cohort create NAME`: switches this instance to cohort mode and
 * prints the instructor's one-time sign-in link; `ragcamp cohort sign-in`
 * prints a fresh one: both write the app database directly, which tolerates a
 * running server alongside (and the server reads the mode from there).
 * `ragcamp cohort export` prints the results as CSV (one row per learner ×
 * lesson), from the running server.
 */
export async function cohortCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const db = await appDb();
  if (sub === "create" && rest.length) {
    const { name, signInUrl } = await createCohort(db, env(), rest.join(" "), labOrigin());
    io.result({ ok: true, cohort: name, signInUrl }, () => `This lab is now the cohort "${name}": everyone signs in. Open this link to sign in as the instructor (once, within 15 minutes):\n${signInUrl}\nThen invite learners: ragcamp invite NAME...`);
    return 0;
  }
  if (sub === "sign-in" && rest.length === 0) {
    const signInUrl = await instructorSignInLink(db, env(), labOrigin());
    io.result({ ok: true, signInUrl }, () => `Open this link to sign in as the instructor (once, within 15 minutes):\n${signInUrl}`);
    return 0;
  }
  if (sub === "export" && rest.length === 0) {
    const api = serverApi();
    // Exercise progress needs the exercises' definitions, which live in the server bundle only (server-only: answers and hints never leave it).
    if (!api) throw new LabError("unavailable", "cohort export reads the learners' exercise progress, which the lab server computes: start the lab (npm run lab) on this data dir and run it again.");
    const csv = await (await api.open(exportCohort)).text();
    io.result({ ok: true, csv }, () => csv.trimEnd());
    return 0;
  }
  throw new LabError("bad_input", "Usage: ragcamp cohort create NAME | cohort sign-in | cohort export");
}

/** `ragcamp invite NAME... [--expires 7d] [--reusable]`: one join link per learner (single-use unless --reusable); an existing learner gets a new link. */
export async function inviteCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { expires: { type: "string" }, reusable: { type: "boolean" } } });
  if (positionals.length === 0) throw new LabError("bad_input", "Usage: ragcamp invite NAME... [--expires 7d] [--reusable]");
  const invited = await inviteAll(positionals, { reusable: values.reusable, expiresInS: values.expires === undefined ? undefined : parseDuration(values.expires) }, labOrigin());
  const kind = `${values.reusable ? "reusable" : "single-use"}${values.expires ? `, expires in ${values.expires}` : ""}`;
  io.result({ ok: true, invited }, () =>
    [`Send each learner their link (shown once; ${kind}):`, ...invited.map((i) => `${i.learner.name} (${i.learner.id}${i.added ? "" : ", new link"}): ${i.joinUrl}`)].join("\n"),
  );
  return 0;
}

import { env } from "@/lib/config/env";
import { LabApiError } from "@/lib/api/client";
import { closeAppDb } from "@/lib/db";
import { isLabError } from "@/lib/errors";
import { dbCommand } from "./db";
import { doctor } from "./doctor";
import { compareCommand, evalCommand, gridCommand } from "./experiments";
import { graphCommand } from "./graph";
import { ingestCommand } from "./ingest";
import { judgeCommand } from "./judge";
import { cohortCommand, inviteCommand } from "./cohort";
import { learnerCommand } from "./learner";
import { createIo, type CliIo } from "./output";
import { qaCommand } from "./qa";
import { QUOTA_USAGE, quotaCommand } from "./quota";
import { searchCommand } from "./search";
import { mineCommand, triangleCommand } from "./similarity";

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { summary: string; run: Command }> = {
  doctor: {
    summary: "show which adapter serves each port and whether it is reachable",
    async run(_args, io) {
      const checks = await doctor(env());
      io.result({ ok: checks.every((c) => c.ok), checks }, () =>
        checks.map((c) => `${c.ok ? "ok  " : "FAIL"}  ${c.port.padEnd(13)} ${c.adapter.padEnd(22)} ${c.detail}`).join("\n"),
      );
      return checks.every((c) => c.ok) ? 0 : 1;
    },
  },
  db: {
    summary: "db copy --to postgres://… (this data dir's app database into an empty PostgreSQL database; stop the lab first)",
    run: dbCommand,
  },
  ingest: {
    summary: "ingest captions: --dataset NAME | --file F.srt | --channel ID | --video ID, --chunker token --size 128 --overlap 0 [--shared]",
    run: ingestCommand,
  },
  graph: {
    summary: 'graph load devops | graph query "<cypher>" [--allow-write] (read-only unless --allow-write)',
    run: graphCommand,
  },
  grid: {
    summary: "run a retrieval grid: --spec grid.json [--questions FILE] [--split | --split-seed N --split-test 0.4] (chunking × top-k × modes on the labelled questions, with 95% intervals)",
    run: gridCommand,
  },
  compare: {
    summary: "compare two grid runs: compare RUN_A RUN_B [--metric mrr] (B − A per shared configuration, paired 95% interval, real or not)",
    run: compareCommand,
  },
  eval: {
    summary: "score a collection on a question file: --collection NAME [--questions FILE] -k 5 [--mode vector|bm25|hybrid] | --mode kvg --hops 2 --budget 5",
    run: evalCommand,
  },
  judge: {
    summary: "judge a grid run's answers: --run EXPERIMENT_ID --judges faithfulness,relevancy --repeats 3 [--questions N --point I] (needs a chat model)",
    run: judgeCommand,
  },
  qa: {
    summary: 'answer a DevOps question: qa --mode vector|cypher|agent "<question>" (needs a chat model)',
    run: qaCommand,
  },
  triangle: {
    summary: 'three pairwise similarities: triangle "A" "B" "C"',
    run: triangleCommand,
  },
  mine: {
    summary: "non-transitive triples in a collection: --collection NAME [--tau-high X --tau-low Y --limit N]",
    run: mineCommand,
  },
  cohort: {
    summary: "cohort create NAME (cohort mode; prints the instructor's one-time sign-in link) | cohort sign-in (a fresh one) | cohort export (results as CSV)",
    run: cohortCommand,
  },
  invite: {
    summary: "invite NAME... [--expires 7d] [--reusable]: one join link per learner, single-use by default",
    run: inviteCommand,
  },
  learner: {
    summary: "learner add NAME (= invite NAME) | learner list | learner reset ID | learner revoke ID (ends their sessions)",
    run: learnerCommand,
  },
  quota: { summary: `${QUOTA_USAGE} (a learner's model-token budget and usage)`, run: quotaCommand },
  search: {
    summary: 'search a collection: --collection NAME "question" -k 3 [--mode vector|bm25|hybrid]',
    run: searchCommand,
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: ragcamp <command> [--json]\n\ncommands:\n${lines.join("\n")}`;
}

export async function main(argv: string[]): Promise<number> {
  // Global flags may stand anywhere; the rest belongs to the command.
  const json = argv.includes("--json");
  const help = argv.includes("--help") || argv.includes("-h");
  const [name, ...rest] = argv.filter((a) => a !== "--json" && a !== "--help" && a !== "-h");
  const io = createIo(json);
  const command = name ? COMMANDS[name] : undefined;
  if (!command || help) {
    if (!name || help) {
      process.stderr.write(`${usage()}\n`);
      return help ? 0 : 2;
    }
    io.result({ ok: false, error: { code: "bad_input", message: `unknown command "${name}"` } }, () => `unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // parseArgs reports unknown or malformed flags as TypeErrors with a code.
    const code = isLabError(e) || e instanceof LabApiError ? e.code : (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? "bad_input" : "internal";
    io.result({ ok: false, error: { code, message } }, () => `error: ${message}`);
    return 1;
  } finally {
    // Commands that read the app database here (learner, a local compare) leave it open; a PostgreSQL pool would keep the process alive.
    await closeAppDb();
  }
}

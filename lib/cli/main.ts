import { parseArgs } from "node:util";
import { env } from "@/lib/config/env";
import { isLabError } from "@/lib/errors";
import { doctor } from "./doctor";
import { createIo, type CliIo } from "./output";

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
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: ragcamp <command> [--json]\n\ncommands:\n${lines.join("\n")}`;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { json: { type: "boolean" }, help: { type: "boolean" } } });
  const io = createIo(Boolean(values.json));
  const [name, ...rest] = positionals;
  const command = name ? COMMANDS[name] : undefined;
  if (!command || values.help) {
    if (!name || values.help) {
      process.stderr.write(`${usage()}\n`);
      return values.help ? 0 : 2;
    }
    io.result({ ok: false, error: { code: "bad_input", message: `unknown command "${name}"` } }, () => `unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest.filter((a) => a !== "--json"), io);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const code = isLabError(e) ? e.code : "internal";
    io.result({ ok: false, error: { code, message } }, () => `error: ${message}`);
    return 1;
  }
}

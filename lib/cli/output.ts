/**
 * CLI output rules: with --json exactly one JSON document goes to stdout;
 * progress and logs always go to stderr, so stdout stays machine-readable.
 * Everything printed passes redactSecrets (upstream errors may quote a key);
 * paths stay, since the CLI runs on its user's own machine.
 */
import { redactSecrets } from "@/lib/errors/redact";

/** Exit 3: partial success (some items failed, the rest were done), with counts in the output. */
export const EXIT_PARTIAL = 3;

export interface CliIo {
  json: boolean;
  log(message: string): void;
  result(value: unknown, human: () => string): void;
}

export function createIo(json: boolean): CliIo {
  return {
    json,
    log: (message) => process.stderr.write(`${redactSecrets(message)}\n`),
    result(value, human) {
      process.stdout.write(`${redactSecrets(json ? JSON.stringify(value, null, 2) : human())}\n`);
    },
  };
}

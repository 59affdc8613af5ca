/**
 * CLI output rules: with --json exactly one JSON document goes to stdout;
 * progress and logs always go to stderr, so stdout stays machine-readable.
 */
export interface CliIo {
  json: boolean;
  log(message: string): void;
  result(value: unknown, human: () => string): void;
}

export function createIo(json: boolean): CliIo {
  return {
    json,
    log: (message) => process.stderr.write(`${message}\n`),
    result(value, human) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
  };
}

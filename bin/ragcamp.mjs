#!/usr/bin/env node
// The ragcamp admin CLI. It shares lib/ with the server; tsx loads the
// TypeScript sources directly so there is no separate build step.
import { register } from "tsx/esm/api";
import path from "node:path";

process.env.NEXT_TELEMETRY_DISABLED = "1";
register({ tsconfig: path.join(import.meta.dirname, "..", "tsconfig.json") });
const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));

import { execFileSync } from "node:child_process";

let cached: string | undefined;

/** The git commit the lab runs from (or RAGCAMP_CODE_VERSION), recorded with every experiment. */
export function codeVersion(): string {
  if (cached) return cached;
  try {
    cached = process.env.RAGCAMP_CODE_VERSION ?? execFileSync("git", ["rev-parse", "--short", "HEAD"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  } catch {
    cached = "unknown";
  }
  return cached;
}

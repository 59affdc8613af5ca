/**
 * The one redaction step for text that came from upstream (model servers,
 * Weaviate, Neo4j, YouTube) or from a failure inside the server, before it is
 * stored, traced, logged or returned. Secrets are removed everywhere,
 * the server log included; server paths are removed from what a learner can
 * read and kept in the server log only.
 */
import os from "node:os";
import path from "node:path";
import { env, type ServerEnv } from "@/lib/config/env";

/** Settings whose whole value is a secret. */
const SECRET_SETTINGS = ["OPENAI_API_KEY", "WEAVIATE_API_KEY", "NEO4J_PASSWORD"] as const satisfies readonly (keyof ServerEnv)[];
/** Settings that are URLs, which may carry `user:pass@`. */
const URL_SETTINGS = ["OPENAI_BASE_URL", "WEAVIATE_URL", "NEO4J_URI", "DATABASE_URL"] as const satisfies readonly (keyof ServerEnv)[];

/** A secret's fragments this long or longer are removed too: proxies quote keys cut short ("sk-proj-abcd…wxyz"). */
const FRAGMENT = 8;
const REDACTED = "[redacted]";
const SERVER_PATH = "[server path]";

/** A malformed %-escape must not make redaction itself throw (every error would then become a bare 500). */
function decodeOrRaw(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** The configured secrets: whole values, and the passwords inside URL settings. */
export function configuredSecrets(e: ServerEnv = env()): string[] {
  const values: string[] = SECRET_SETTINGS.map((k) => e[k]).filter((v): v is string => Boolean(v));
  for (const k of URL_SETTINGS) {
    const credentials = /^[a-z][a-z0-9+.-]*:\/\/([^/@\s]+)@/i.exec(e[k] ?? "")?.[1];
    // The password only: a user name ("neo4j", "admin") is no secret, and scrubbing it would garble every trace that says it.
    const password = credentials?.split(":").slice(1).join(":");
    if (password) values.push(...new Set([password, decodeOrRaw(password)].filter((v) => v.length >= 4)));
  }
  // Quoted in a URL or a JSON string, a secret may appear encoded.
  return [...new Set(values.flatMap((v) => [v, encodeURIComponent(v), JSON.stringify(v).slice(1, -1)]))];
}

/**
 * Removes every configured secret (and any 8-character piece of one),
 * bearer tokens, Authorization / api-key header values, `sk-` keys and
 * `user:pass@` in URLs.
 */
export function redactSecrets(text: string, secrets: readonly string[] = configuredSecrets()): string {
  let out = removeSecretValues(text, secrets);
  out = out
    .replace(/\b(authorization|proxy-authorization|x-api-key|api-key|api_key|apikey)(["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token)\s+)?[^\s"',;}]+/gi, `$1$2${REDACTED}`)
    .replace(/\bBearer\s+[^\s"',;}]+/gi, `Bearer ${REDACTED}`)
    .replace(/\bsk-[A-Za-z0-9_\-*]{6,}/g, REDACTED)
    // Schemes are short: unbounded, every \b of a long "a.a.a…" would scan to its end (quadratic).
    .replace(/\b([a-z][a-z0-9+.-]{0,31}:\/\/)[^/@\s:]+:[^/@\s]+@/gi, `$1${REDACTED}@`);
  return out;
}

/** Exact values first, then any run of text that is a piece of a secret at least FRAGMENT long. */
function removeSecretValues(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s.length >= 4) out = out.split(s).join(REDACTED);
  const pieces = new Set<string>();
  for (const s of secrets) for (let i = 0; i + FRAGMENT <= s.length; i++) pieces.add(s.slice(i, i + FRAGMENT));
  if (pieces.size === 0 || out.length < FRAGMENT) return out;
  const hit = new Uint8Array(out.length);
  let any = false;
  for (let i = 0; i + FRAGMENT <= out.length; i++) {
    if (pieces.has(out.slice(i, i + FRAGMENT))) {
      hit.fill(1, i, i + FRAGMENT);
      any = true;
    }
  }
  if (!any) return out;
  let result = "";
  for (let i = 0; i < out.length; ) {
    if (!hit[i]) {
      result += out[i++];
      continue;
    }
    while (i < out.length && hit[i]) i++;
    result += REDACTED;
  }
  return result;
}

/**
 * Absolute paths on this machine, as they show up in errors: the data dir,
 * the install dir, the home dir, anything under node_modules or a Cargo registry, and the
 * native source locations Rust engines report (`…/src/io/commit.rs:670`).
 */
function serverPathPatterns(e: ServerEnv): RegExp[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const roots = [...new Set([e.dataDir, path.resolve(process.cwd()), os.homedir()])].filter((r) => r.length > 1).sort((a, b) => b.length - a.length);
  // Path characters, then an optional :line:column.
  const rest = `[^\\s"'():,]*(?::\\d+){0,2}`;
  // A match may start only where a run of path characters starts: tried from every position of one
  // long run instead, the patterns below take quadratic time, and a long input would stall the server.
  const atRunStart = `(?<![^\\s"'():,])`;
  // ... or at a drive letter ("C:" splits a run at its colon).
  const atRunOrDrive = `(?:${atRunStart}|(?=[A-Za-z]:))`;
  return [
    ...roots.map((r) => new RegExp(`(?:file://)?${escape(r)}(?:[\\\\/]${rest}|(?=[\\s"'():,]|$))`, "g")),
    new RegExp(`${atRunOrDrive}(?:[A-Za-z]:)?[^\\s"'():,]*[\\\\/](?:node_modules|\\.cargo)[\\\\/]${rest}`, "g"),
    // A source location: a run with a slash in it, ending in a source file's name and :line(:column).
    new RegExp(`${atRunStart}(?=[^\\s"'():,]*[\\\\/])[^\\s"'():,]*\\.(?:rs|cc|cpp|c|h|hpp|go)(?::\\d+){1,2}`, "g"),
  ];
}

function withoutServerPaths(text: string, e: ServerEnv): string {
  return serverPathPatterns(e).reduce((t, re) => t.replace(re, SERVER_PATH), text);
}

/**
 * Text fit for a learner: secrets and server paths removed. When paths were
 * removed, the text with its paths (secrets still removed) goes to the
 * server log, labelled with `where`, so an operator can still find them.
 */
export function redactForLearner(text: string, where = "redacted error", e: ServerEnv = env()): string {
  const safe = redactSecrets(text, configuredSecrets(e));
  const learner = withoutServerPaths(safe, e);
  if (learner !== safe) console.error(`${where}: ${safe}`);
  return learner;
}

/** An error's message, fit for a learner (see redactForLearner). */
export function learnerMessage(error: unknown, where?: string): string {
  return redactForLearner(error instanceof Error ? error.message : String(error), where);
}

/** For the server log: an error with its stack, secrets removed (paths kept). */
export function logSafe(error: unknown): string {
  return redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error));
}

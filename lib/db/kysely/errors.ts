import { LabError } from "@/lib/errors";

/** Socket errors that mean the server cannot be reached (or went away mid-query). */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
/**
 * PostgreSQL SQLSTATEs that mean the database cannot be used right now:
 * connection exceptions (08...), server shutting down or starting (57P0x),
 * too many connections, no such database, credentials refused.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-4]|53300|3D000|28...)$/;
/** What node-postgres says when a connection drops or never comes up. */
const PG_CONNECTION_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|not queryable|Cannot use a pool after calling end/i;
/** SQLITE_BUSY, SQLITE_LOCKED: another process held the file longer than busy_timeout. */
const SQLITE_BUSY = new Set([5, 6]);

function field(e: unknown, key: string): unknown {
  return typeof e === "object" && e !== null ? (e as Record<string, unknown>)[key] : undefined;
}

/** Whether an error means the database is out of reach, rather than a query or a record being wrong. */
export function isUnavailable(e: unknown): boolean {
  const code = field(e, "code");
  if (typeof code === "string" && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (SQLITE_BUSY.has(Number(field(e, "errcode")))) return true;
  // Connecting to "localhost" tries each address: an AggregateError whose parts carry the codes.
  const parts = field(e, "errors");
  if (Array.isArray(parts) && parts.length > 0 && parts.every(isUnavailable)) return true;
  return e instanceof Error && PG_CONNECTION_MESSAGE.test(e.message);
}

function reason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = field(e, "code");
  // An AggregateError has no message of its own.
  return e.message || (typeof code === "string" ? code : e.name);
}

/**
 * The error a caller sees when a database step fails: "unavailable", naming
 * the database (a path, or host:port/database: never a password) and the
 * step, when the database is out of reach; anything else unchanged.
 */
export function databaseError(e: unknown, location: string, step: string): unknown {
  // PostgreSQL text cannot hold U+0000 (SQLite's can): what `step` checks up front, in case it gets past.
  if (isNulRefusal(e)) return nulRefused();
  if (!isUnavailable(e)) return e;
  return new LabError("unavailable", `The app database ${location} is unavailable ${step}: ${reason(e)}`, undefined, 5);
}

/** PostgreSQL's refusal of a NUL character in text (22021) or in JSON (22P05). */
export function isNulRefusal(e: unknown): boolean {
  return field(e, "code") === "22021" || field(e, "code") === "22P05";
}

function nulRefused(): LabError {
  return new LabError("bad_input", "Text with a NUL character (U+0000) cannot be stored: remove it and try again.");
}

/** Runs one database step, turning an out-of-reach database into a LabError (see databaseError). */
export async function step<T>(location: string, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw databaseError(e, location, what);
  }
}

/** Reads, by method name: everything else a store does writes. */
const READS = /^(get|list|by|count|progress|last|reply|answers)/;

/**
 * Ids, code, keys and names are stored as text, and PostgreSQL text cannot
 * hold U+0000 (SQLite's can): both engines refuse one alike, up front. Strings
 * and, unless the object is a JSON record, an object's own string fields.
 */
function holdsNul(arg: unknown, fields: boolean): boolean {
  if (typeof arg === "string") return arg.includes("\0");
  return fields && typeof arg === "object" && arg !== null && !ArrayBuffer.isView(arg) && !(arg instanceof Map) && Object.values(arg).some((v) => typeof v === "string" && v.includes("\0"));
}

/**
 * Wraps every method of a store in `step`, named for the aggregate:
 * "while reading notebooks", "while writing jobs". `jsonRecords`: the
 * methods whose object argument is stored whole as JSON, which escapes a
 * NUL (a job's error has it replaced), so only their strings are checked.
 */
export function guarded<T extends object>(store: T, aggregate: string, location: string, jsonRecords: readonly (keyof T & string)[] = []): T {
  const methods = Object.entries(store).map(([name, method]: [string, (...args: unknown[]) => Promise<unknown>]) => [
    name,
    (...args: unknown[]) => {
      if (args.some((a) => holdsNul(a, !jsonRecords.includes(name as keyof T & string)))) return Promise.reject(nulRefused());
      return step(location, `while ${READS.test(name) ? "reading" : "writing"} ${aggregate}`, () => method(...args));
    },
  ]);
  return Object.fromEntries(methods) as T;
}

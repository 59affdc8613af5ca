import path from "node:path";
import { z } from "zod";

/**
 * The one place configuration is read. Everything here is server-side;
 * `publicConfig` below is the only part that may reach the browser.
 */
const optionalUrl = z.url().optional();
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);

/** The first N talks of the google-talks index, or the talks with these YouTube ids. */
export type CourseSubset = { first: number } | { videoIds: string[] };

const courseSubset = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((value, ctx): CourseSubset => {
      if (/^\d+$/.test(value) && Number(value) >= 1) return { first: Number(value) };
      const videoIds = value.split(",").map((id) => id.trim());
      const bad = videoIds.filter((id) => !/^[A-Za-z0-9_-]{11}$/.test(id));
      if (bad.length > 0) ctx.addIssue({ code: "custom", message: `expected a number of talks (e.g. 3) or comma-separated YouTube ids; not a video id: ${bad.map((b) => JSON.stringify(b)).join(", ")}` });
      return { videoIds };
    })
    .optional(),
);

const envSchema = z.object({
  RAGCAMP_DATA_DIR: z.string().default("./.ragcamp"),
  /** Unset: local mode until `ragcamp cohort create`, then cohort mode (stored in the app database). "local" is refused in a cohort. */
  RAGCAMP_AUTH: z.preprocess(blankToUndefined, z.enum(["local", "cohort"]).optional()),
  /** Signs session cookies; unset, a random one is generated into <dataDir>/auth.secret on first start (lib/auth/secret.ts). */
  RAGCAMP_AUTH_SECRET: z.preprocess(blankToUndefined, z.string().min(32, "must be at least 32 characters").optional()),
  BETTER_AUTH_SECRET: z.preprocess(blankToUndefined, z.string().min(32, "must be at least 32 characters").optional()),
  /** Where learners reach the lab; when unset, only loopback hosts are served (lib/server/access.ts). */
  RAGCAMP_PUBLIC_URL: z.preprocess(blankToUndefined, optionalUrl),
  RAGCAMP_CELL_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),
  /** A cell following a server job stays alive while the job's counter has moved within this long. */
  RAGCAMP_JOB_STALL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
  /** Test runs only: the course's google-talks corpus shrinks to these talks, so every lesson runs in CI in minutes. */
  RAGCAMP_COURSE_SUBSET: courseSubset,
  RAGCAMP_MAX_OUTPUT_BYTES: z.coerce.number().int().min(1_024).max(16 * 1024 * 1024).default(1024 * 1024),
  OPENAI_API_KEY: z.preprocess(blankToUndefined, z.string().optional()),
  OPENAI_BASE_URL: z.preprocess(blankToUndefined, optionalUrl),
  RAGCAMP_CHAT_MODEL: z.preprocess(blankToUndefined, z.string().optional()),
  /** Chat-model calls in flight at once across the whole server (every learner and job). */
  RAGCAMP_LLM_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** The longest a model call waits with nothing from the server (connecting, first token, between tokens). */
  RAGCAMP_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** max_tokens of every chat call (default DEFAULT_LLM_MAX_TOKENS): the upper bound a quota reserves for the reply (lib/quotas). */
  RAGCAMP_LLM_MAX_TOKENS: z.preprocess(blankToUndefined, z.coerce.number().int().min(16).max(1_000_000).optional()),
  /** Model tokens (chat and OpenAI-compatible embeddings) each learner may use over the cohort's life; unset: no budget. Raised per learner with `ragcamp quota set`. */
  RAGCAMP_LEARNER_TOKEN_BUDGET: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).optional()),
  /** Model requests each learner may send per minute; unset: no limit. */
  RAGCAMP_LEARNER_REQUESTS_PER_MINUTE: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).optional()),
  RAGCAMP_EMBEDDINGS: z.enum(["use-lite", "openai"]).default("use-lite"),
  RAGCAMP_EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
  WEAVIATE_URL: z.preprocess(blankToUndefined, optionalUrl),
  WEAVIATE_API_KEY: z.preprocess(blankToUndefined, z.string().optional()),
  /** The embedded graph engine process is killed and restarted above this resident memory. */
  RAGCAMP_GRAPH_MAX_RSS_MB: z.coerce.number().int().min(64).max(65_536).default(1024),
  /** Scratch graphs open at once; opening one more closes the least recently used. */
  RAGCAMP_SCRATCH_OPEN_MAX: z.coerce.number().int().min(1).max(1_000).default(32),
  /** The app database on PostgreSQL (lib/db/open.ts); unset, it is `<RAGCAMP_DATA_DIR>/app.sqlite`. */
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    // The message never repeats the value: it holds the database password.
    z
      .url({ protocol: /^postgres(ql)?$/, error: "must be a PostgreSQL URL, postgres://user:password@host:port/database (or postgresql://)" })
      // Without a name, the driver would pick the user's own database, often the server's maintenance one.
      .refine((u) => new URL(u).pathname.length > 1, "must name the database: postgres://user:password@host:port/database")
      .optional(),
  ),
  NEO4J_URI: z.preprocess(blankToUndefined, z.string().optional()),
  NEO4J_USER: z.string().default("neo4j"),
  NEO4J_PASSWORD: z.preprocess(blankToUndefined, z.string().optional()),
  /** Test-only: lets the crash test pause a collection write (lib/vectorstore/test-pause.ts). Never in cohort mode. */
  RAGCAMP_TEST_HOOKS: z.preprocess(blankToUndefined, z.enum(["0", "1"]).default("0").transform((v) => v === "1")),
  RAGCAMP_TEST_PAUSE_FILE: z.preprocess(blankToUndefined, z.string().optional()),
  RAGCAMP_TEST_PAUSE_AT: z.enum(["before-write", "before-manifest"]).default("before-manifest"),
});

export type ServerEnv = z.infer<typeof envSchema> & { dataDir: string };

/** Every variable the lab reads, for checking files that set them (docker-compose.yml). */
export const CONFIG_KEYS: readonly string[] = Object.keys(envSchema.shape);

export function parseEnv(source: Record<string, string | undefined>): ServerEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration (see .env.example):\n  ${problems.join("\n  ")}`);
  }
  if (parsed.data.RAGCAMP_AUTH === "cohort" && parsed.data.RAGCAMP_TEST_HOOKS) {
    throw new Error("Invalid configuration: RAGCAMP_TEST_HOOKS=1 lets a caller stall the server mid-write and is for tests only; unset it to run with RAGCAMP_AUTH=cohort.");
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.RAGCAMP_DATA_DIR) };
}

let cached: ServerEnv | undefined;

export function env(): ServerEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** What the browser may know: no secrets, no URLs with credentials. */
export interface PublicConfig {
  cellTimeoutMs: number;
  jobStallMs: number;
  maxOutputBytes: number;
  llmConfigured: boolean;
}

export function publicConfig(e: ServerEnv = env()): PublicConfig {
  return {
    cellTimeoutMs: e.RAGCAMP_CELL_TIMEOUT_MS,
    jobStallMs: e.RAGCAMP_JOB_STALL_MS,
    maxOutputBytes: e.RAGCAMP_MAX_OUTPUT_BYTES,
    llmConfigured: Boolean(e.RAGCAMP_CHAT_MODEL && (e.OPENAI_API_KEY || e.OPENAI_BASE_URL)),
  };
}

import { sql, type ColumnDefinitionBuilder, type Kysely } from "kysely";
import { Migrator, type Migration, type MigrationResult } from "kysely/migration";
import type { Tables } from "./schema";
import { databaseError } from "./errors";

export type Engine = "sqlite" | "postgres";

/**
 * The app schema's versions for both engines, applied in name order; a
 * version once shipped never changes. Kysely's Migrator runs all pending
 * ones in one transaction on both engines (node-sqlite.ts says so for
 * SQLite), so a failure leaves none of them applied.
 */
export function appMigrations(engine: Engine): Record<string, Migration> {
  // The two places the engines' DDL differs: an auto-numbered key, and bytes.
  const autoId = (c: ColumnDefinitionBuilder) => (engine === "sqlite" ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity());
  const bytes = engine === "sqlite" ? "blob" : "bytea";
  return {
    // Every table, `if not exists`: an app.sqlite brought to the last schema before Kysely (legacy-sqlite.ts) already has all but `embedding`, and keeps them as they are.
    "0001-app-schema": {
      async up(db: Kysely<unknown>) {
        const s = db.schema;
        await s
          .createTable("cell_code")
          .ifNotExists()
          .addColumn("learner", "text", (c) => c.notNull())
          .addColumn("lesson", "text", (c) => c.notNull())
          .addColumn("cell", "text", (c) => c.notNull())
          .addColumn("code", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("cell_code_pk", ["learner", "lesson", "cell"])
          .execute();
        await s
          .createTable("cell_run")
          .ifNotExists()
          .addColumn("learner", "text", (c) => c.notNull())
          .addColumn("lesson", "text", (c) => c.notNull())
          .addColumn("cell", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("outputs", "text", (c) => c.notNull())
          .addColumn("elapsed_ms", "double precision", (c) => c.notNull())
          .addColumn("ran_at", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("cell_run_pk", ["learner", "lesson", "cell"])
          .execute();
        await s
          .createTable("job")
          .ifNotExists()
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("learner", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("spec", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("progress", "text")
          .addColumn("result", "text")
          .addColumn("error", "text")
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .addColumn("error_code", "text")
          .execute();
        await s.createIndex("job_by_learner").ifNotExists().on("job").columns(["learner", "created_at"]).execute();
        await s
          .createTable("learner")
          .ifNotExists()
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("token_hash", "text", (c) => c.notNull().unique())
          .addColumn("created_at", "text", (c) => c.notNull())
          .execute();
        await s
          .createTable("experiment")
          .ifNotExists()
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("learner", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("record", "text", (c) => c.notNull())
          .execute();
        await s.createIndex("experiment_by_learner").ifNotExists().on("experiment").columns(["learner", "created_at"]).execute();
        await s
          .createTable("judge_reply")
          .ifNotExists()
          .addColumn("key", "text", (c) => c.primaryKey())
          .addColumn("reply", "text", (c) => c.notNull())
          .execute();
        await s
          .createTable("judge_run")
          .ifNotExists()
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("learner", "text", (c) => c.notNull())
          .addColumn("experiment", "text")
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("record", "text", (c) => c.notNull())
          .execute();
        await s.createIndex("judge_run_by_learner").ifNotExists().on("judge_run").columns(["learner", "created_at"]).execute();
        await s
          .createTable("rag_answer")
          .ifNotExists()
          .addColumn("learner", "text", (c) => c.notNull())
          .addColumn("experiment", "text", (c) => c.notNull())
          .addColumn("variant", "text", (c) => c.notNull())
          .addColumn("question", "text", (c) => c.notNull())
          .addColumn("record", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("rag_answer_pk", ["learner", "experiment", "variant", "question"])
          .execute();
        await s
          .createTable("claim_review")
          .ifNotExists()
          .addColumn("learner", "text", (c) => c.notNull())
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("claim", "text", (c) => c.notNull())
          .addColumn("judge_label", "text", (c) => c.notNull())
          .addColumn("learner_label", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("claim_review_pk", ["learner", "key"])
          .execute();
        await s
          .createTable("llm_trace")
          .ifNotExists()
          .addColumn("id", "integer", autoId)
          .addColumn("learner", "text", (c) => c.notNull())
          .addColumn("notebook", "text", (c) => c.notNull())
          .addColumn("record", "text", (c) => c.notNull())
          .execute();
        await s.createIndex("llm_trace_by_notebook").ifNotExists().on("llm_trace").columns(["learner", "notebook", "id"]).execute();
        await s
          .createTable("collection_manifest")
          .ifNotExists()
          .addColumn("engine", "text", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("meta", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("collection_manifest_pk", ["engine", "name"])
          .execute();
        await s
          .createTable("test_look")
          .ifNotExists()
          .addColumn("learner", "text", (c) => c.notNull())
          .addColumn("test_part", "text", (c) => c.notNull())
          .addColumn("config", "text", (c) => c.notNull())
          .addColumn("first_at", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("test_look_pk", ["learner", "test_part", "config"])
          .execute();
        await s
          .createTable("exercise_event")
          .ifNotExists()
          .addColumn("id", "integer", autoId)
          .addColumn("learner", "text", (c) => c.notNull())
          .addColumn("lesson", "text", (c) => c.notNull())
          .addColumn("exercise", "text", (c) => c.notNull())
          .addColumn("event", "text", (c) => c.notNull())
          .addColumn("passed", "integer")
          .addColumn("answer", "text")
          .addColumn("reason", "text")
          .addColumn("at", "text", (c) => c.notNull())
          .execute();
        await s.createIndex("exercise_event_by_learner").ifNotExists().on("exercise_event").columns(["learner", "lesson", "id"]).execute();
        await s
          .createTable("own_cell")
          .ifNotExists()
          .addColumn("learner", "text", (c) => c.notNull())
          .addColumn("lesson", "text", (c) => c.notNull())
          .addColumn("id", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("code", "text", (c) => c.notNull())
          .addColumn("after", "text", (c) => c.notNull())
          .addColumn("pos", "integer", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("own_cell_pk", ["learner", "lesson", "id"])
          .execute();
        // The embedding cache, once its own embeddings.sqlite: keyed by (model id, sha256 of the text).
        await s
          .createTable("embedding")
          .ifNotExists()
          .addColumn("model_id", "text", (c) => c.notNull())
          .addColumn("text_hash", "text", (c) => c.notNull())
          .addColumn("vector", bytes, (c) => c.notNull())
          .addPrimaryKeyConstraint("embedding_pk", ["model_id", "text_hash"])
          .execute();
      },
    },
    // Instances sharing one database (lib/jobs/manager.ts): who is alive, and which instance runs each job.
    "0002-instances": {
      async up(db: Kysely<unknown>) {
        const s = db.schema;
        await s
          .createTable("instance")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("started_at", "text", (c) => c.notNull())
          .addColumn("heartbeat_at", "text", (c) => c.notNull())
          .execute();
        // SQLite adds one column per statement.
        await s.alterTable("job").addColumn("instance_id", "text").execute();
        await s.alterTable("job").addColumn("worker", "text").execute();
        await s.alterTable("job").addColumn("cancel_requested", "integer", (c) => c.notNull().defaultTo(0)).execute();
      },
    },
    // Sign-in: Better Auth's tables for the plugins lib/auth/auth.ts uses (admin, magic link, database rate limits), as its
    // getAuthTables() lists them (camelCase columns, its names), under auth_* names; then the cohort and its join links.
    "0003-auth": {
      async up(db: Kysely<unknown>) {
        const s = db.schema;
        const date = engine === "sqlite" ? "date" : "timestamptz";
        const bool = engine === "sqlite" ? "integer" : "boolean";
        const userId = (c: ColumnDefinitionBuilder) => c.notNull().references("auth_user.id").onDelete("cascade");
        await s
          .createTable("auth_user")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("email", "text", (c) => c.notNull().unique())
          .addColumn("emailVerified", bool, (c) => c.notNull())
          .addColumn("image", "text")
          .addColumn("createdAt", date, (c) => c.notNull())
          .addColumn("updatedAt", date, (c) => c.notNull())
          .addColumn("role", "text")
          .addColumn("banned", bool)
          .addColumn("banReason", "text")
          .addColumn("banExpires", date)
          .execute();
        // `token` holds sha256 of the session token (lib/auth/hashed-sessions.ts), never the token itself.
        await s
          .createTable("auth_session")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("expiresAt", date, (c) => c.notNull())
          .addColumn("token", "text", (c) => c.notNull().unique())
          .addColumn("createdAt", date, (c) => c.notNull())
          .addColumn("updatedAt", date, (c) => c.notNull())
          .addColumn("ipAddress", "text")
          .addColumn("userAgent", "text")
          .addColumn("userId", "text", userId)
          .addColumn("impersonatedBy", "text")
          .execute();
        await s.createIndex("auth_session_userId_idx").on("auth_session").column("userId").execute();
        await s
          .createTable("auth_account")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("accountId", "text", (c) => c.notNull())
          .addColumn("providerId", "text", (c) => c.notNull())
          .addColumn("userId", "text", userId)
          .addColumn("accessToken", "text")
          .addColumn("refreshToken", "text")
          .addColumn("idToken", "text")
          .addColumn("accessTokenExpiresAt", date)
          .addColumn("refreshTokenExpiresAt", date)
          .addColumn("scope", "text")
          .addColumn("password", "text")
          .addColumn("createdAt", date, (c) => c.notNull())
          .addColumn("updatedAt", date, (c) => c.notNull())
          .execute();
        await s.createIndex("auth_account_userId_idx").on("auth_account").column("userId").execute();
        await s
          .createTable("auth_verification")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("identifier", "text", (c) => c.notNull())
          .addColumn("value", "text", (c) => c.notNull())
          .addColumn("expiresAt", date, (c) => c.notNull())
          .addColumn("createdAt", date, (c) => c.notNull())
          .addColumn("updatedAt", date, (c) => c.notNull())
          .execute();
        await s.createIndex("auth_verification_identifier_idx").on("auth_verification").column("identifier").execute();
        await s
          .createTable("auth_rate_limit")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("key", "text", (c) => c.notNull().unique())
          .addColumn("count", "integer", (c) => c.notNull())
          .addColumn("lastRequest", "bigint", (c) => c.notNull())
          .execute();
        // One row at most: the instance is in cohort mode once it exists.
        await s
          .createTable("cohort")
          .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .execute();
        await s
          .createTable("join_link")
          .addColumn("token_hash", "text", (c) => c.primaryKey())
          .addColumn("learner", "text", (c) => c.notNull().references("learner.id").onDelete("cascade"))
          .addColumn("reusable", "integer", (c) => c.notNull())
          .addColumn("expires_at", "text")
          .addColumn("used_at", "text")
          .addColumn("created_at", "text", (c) => c.notNull())
          .execute();
        // Links handed out before 0003 were reusable and never expired: they keep working, now through the Join button.
        await sql`insert into join_link (token_hash, learner, reusable, expires_at, used_at, created_at) select token_hash, id, 1, null, null, created_at from learner`.execute(db);
      },
    },
    // LLM quotas (lib/quotas): a lockable row per learner with an optional budget override, and one reservation per model request.
    "0004-quotas": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("quota_account")
          .addColumn("learner", "text", (c) => c.primaryKey())
          .addColumn("budget", "bigint")
          .execute();
        await db.schema
          .createTable("quota_reservation")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("learner", "text", (c) => c.notNull())
          .addColumn("tokens", "bigint", (c) => c.notNull())
          .addColumn("settled", "bigint")
          .addColumn("created_at", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("quota_reservation_by_learner").on("quota_reservation").columns(["learner", "created_at"]).execute();
      },
    },
  };
}

/**
 * Applies the pending migrations, all or none. An out-of-reach database is a
 * LabError "unavailable"; a migration that fails is named, with its cause.
 */
export async function migrate(db: Kysely<Tables>, location: string, migrations: Record<string, Migration>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((r: MigrationResult) => r.status === "Error")?.migrationName;
  const wrapped = databaseError(error, location, "while migrating");
  if (wrapped !== error) throw wrapped;
  const message = error instanceof Error ? error.message : String(error);
  throw new Error(`Migrating the app database ${location} failed${failed ? ` at ${failed}` : ""}; none of the pending migrations was applied: ${message}`, { cause: error });
}

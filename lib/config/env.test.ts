import { describe, expect, it } from "vitest";
import { parseEnv, publicConfig } from "./env";

describe("env", () => {
  it("has working defaults with nothing set", () => {
    const e = parseEnv({});
    expect(e.RAGCAMP_EMBEDDINGS).toBe("use-lite");
    expect(e.dataDir.endsWith(".ragcamp")).toBe(true);
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ RAGCAMP_CELL_TIMEOUT_MS: "soon" })).toThrow(/RAGCAMP_CELL_TIMEOUT_MS/);
    expect(() => parseEnv({ WEAVIATE_URL: "not a url" })).toThrow(/WEAVIATE_URL/);
  });

  it("takes a PostgreSQL DATABASE_URL and refuses anything else without repeating it", () => {
    expect(parseEnv({}).DATABASE_URL).toBeUndefined();
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
    for (const url of ["postgres://lab:pw@db.example:5432/ragcamp", "postgresql://lab@localhost/ragcamp"]) expect(parseEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    for (const url of ["mysql://lab:hunter22@db/ragcamp", "db.example:5432/ragcamp", "postgres-ish://lab:hunter22@db/x"]) {
      const error = (() => {
        try {
          parseEnv({ DATABASE_URL: url });
        } catch (e) {
          return String(e);
        }
      })();
      expect(error).toMatch(/DATABASE_URL: must be a PostgreSQL URL/);
      expect(error).not.toContain("hunter22");
    }
  });

  it("refuses a DATABASE_URL that names no database, without repeating it", () => {
    for (const url of ["postgres://lab:hunter22@db.example:5432", "postgres://lab:hunter22@db.example:5432/"]) {
      expect(() => parseEnv({ DATABASE_URL: url })).toThrow(/DATABASE_URL: must name the database/);
      expect(() => parseEnv({ DATABASE_URL: url })).not.toThrow(/hunter22/);
    }
  });

  it("refuses the test hooks in cohort mode, naming the variable", () => {
    expect(parseEnv({ RAGCAMP_TEST_HOOKS: "1" }).RAGCAMP_TEST_HOOKS).toBe(true);
    expect(() => parseEnv({ RAGCAMP_AUTH: "cohort", RAGCAMP_TEST_HOOKS: "1" })).toThrow(/RAGCAMP_TEST_HOOKS=1 .*RAGCAMP_AUTH=cohort/);
    expect(parseEnv({ RAGCAMP_AUTH: "cohort", RAGCAMP_TEST_HOOKS: "0" }).RAGCAMP_TEST_HOOKS).toBe(false);
  });

  it("never puts secrets into the public config", () => {
    const e = parseEnv({ OPENAI_API_KEY: "sk-secret", OPENAI_BASE_URL: "http://user:pw@llm.local/v1", RAGCAMP_CHAT_MODEL: "m" });
    const pub = JSON.stringify(publicConfig(e));
    expect(pub).not.toContain("sk-secret");
    expect(pub).not.toContain("pw@");
    expect(publicConfig(e).llmConfigured).toBe(true);
  });
});

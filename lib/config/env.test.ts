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

import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { CONFIG_KEYS, parseEnv } from "./env";

// Docker cannot run here: this checks what can be checked without it.
const compose = z
  .object({
    services: z.record(z.string(), z.object({ environment: z.record(z.string(), z.string()).optional(), healthcheck: z.object({ test: z.array(z.string()) }), volumes: z.array(z.string()).optional() })),
    volumes: z.record(z.string(), z.null()),
  })
  .parse(parse(fs.readFileSync("docker-compose.yml", "utf8")));

/** Compose's interpolation, with a stand-in for each value the instructor's .env must give. */
const interpolate = (value: string) => value.replace(/\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}/g, (_, _name: string, fallback?: string) => fallback ?? "Secret123");

describe("docker-compose.yml", () => {
  const app = compose.services.app;

  it("sets only variables the lab reads, and values the lab accepts", () => {
    const environment = app.environment ?? {};
    expect(Object.keys(environment).filter((k) => !CONFIG_KEYS.includes(k))).toEqual([]);
    const e = parseEnv(Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, interpolate(v)])));
    expect(e).toMatchObject({ RAGCAMP_AUTH: "cohort", DATABASE_URL: "postgres://ragcamp:Secret123@postgres:5432/ragcamp", WEAVIATE_URL: "http://weaviate:8080", NEO4J_URI: "bolt://neo4j:7687" });
  });

  it("has the app's health checked on /api/ready and every store with a check and a named volume", () => {
    expect(app.healthcheck.test.join(" ")).toContain("/api/ready");
    expect(Object.keys(compose.services).sort()).toEqual(["app", "neo4j", "postgres", "weaviate"]);
    for (const [name, service] of Object.entries(compose.services)) {
      const named = (service.volumes ?? []).map((v) => v.split(":")[0]);
      expect(named, name).toHaveLength(1);
      expect(Object.keys(compose.volumes), name).toContain(named[0]);
    }
  });
});

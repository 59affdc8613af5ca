import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config";

// Integration tests against real servers; each suite skips itself unless its
// server is configured (WEAVIATE_URL, NEO4J_URI).
export default mergeConfig(
  base,
  defineConfig({ test: { include: ["lib/**/*.int.test.ts"], exclude: ["node_modules/**"] } }),
);

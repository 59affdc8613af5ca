import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// Integration tests against real servers; each suite skips itself unless its
// server is configured (WEAVIATE_URL, NEO4J_URI).
export default defineConfig({
  resolve: base.resolve,
  test: { include: ["lib/**/*.int.test.ts"], environment: "node", testTimeout: 60_000 },
});

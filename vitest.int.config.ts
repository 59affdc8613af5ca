import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Integration tests against real servers; each suite skips itself unless its
// server is configured (WEAVIATE_URL, NEO4J_URI).
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: { include: ["lib/**/*.int.test.ts"], environment: "node", testTimeout: 60_000 },
});

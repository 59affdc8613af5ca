import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Browser code: the notebook UI (lib/ui, the only place "use client" is allowed),
// the cell worker (lib/kernel) and the SDK it runs (lib/sdk). Deny by default:
// these files may import only each other, the pure modules named below and the
// npm packages below. Type-only imports (`import type`) of anything are allowed
// because they are erased before bundling.
export const BROWSER_FOLDERS = ["lib/ui", "lib/kernel", "lib/sdk", "lib/api"];
// Pure modules outside those folders that the browser loads (views and
// statistics the SDK returns, shared limits). The rule applies to them too, so
// whatever they import at run time must be on this list as well.
export const BROWSER_SAFE_MODULES = [
  "lib/captions/inputs",
  "lib/errors/index",
  "lib/eval/bootstrap", "lib/eval/metrics", "lib/eval/relevance",
  "lib/experiments/compare", "lib/experiments/views",
  "lib/judge/kappa", "lib/judge/reviews", "lib/judge/views",
  "lib/lessons/cell-kinds", "lib/lessons/own-cells",
  "lib/random/seeded",
  "lib/text/count",
  "lib/validation/json",
];
const BROWSER_PACKAGES = [
  "react", "react-dom", "next/link", "next/navigation", "next/dynamic",
  "recharts", "react-markdown", "remark-gfm", "@monaco-editor/react", "monaco-editor",
  "acorn", "magic-string", "sucrase", "zod",
];
// Each capability's route contracts (zod schemas and endpoint()s), shared by the route, the SDK, the page and the CLI.
export const CONTRACT = "lib/[a-z-]+/contract$";
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const anyOf = (xs) => xs.map(escape).join("|");
const safeAlias = [...BROWSER_SAFE_MODULES, ...BROWSER_SAFE_MODULES.filter((m) => m.endsWith("/index")).map((m) => m.slice(0, -"/index".length))];
const useClientOnlyInUi = {
  selector: "Program > ExpressionStatement[directive='use client']",
  message: "Client components live in lib/ui, where the browser import rule applies.",
};
function browserImports(relativeImports) {
  return {
    "@typescript-eslint/no-restricted-imports": ["error", {
      patterns: [
        {
          regex: `^(?!\\.|@/)(?!(${anyOf(BROWSER_PACKAGES)})(/|$))`,
          allowTypeImports: true,
          message: "Browser code may import only the npm packages in BROWSER_PACKAGES (eslint.config.mjs); Node built-ins, server-only and server SDKs stay on the server.",
        },
        {
          regex: `^@/(?!(${anyOf(BROWSER_FOLDERS)})/|(${anyOf(safeAlias)})$|${CONTRACT})`,
          allowTypeImports: true,
          message: "Browser code may import only lib/ui, lib/kernel, lib/sdk, lib/api, the routes' contracts (lib/*/contract) and BROWSER_SAFE_MODULES (eslint.config.mjs); use `import type` for server types.",
        },
        { regex: relativeImports.regex, allowTypeImports: true, message: relativeImports.message },
      ],
    }],
  };
}
const notTests = ["**/*.test.ts", "**/*.test.tsx"];
// Browser-safe modules outside the browser folders, grouped by folder: each may
// import its browser-safe siblings by relative path, nothing else.
const safeByFolder = Object.groupBy(BROWSER_SAFE_MODULES, (m) => m.slice(0, m.lastIndexOf("/")));

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "public/**", ".ragcamp/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "**/*.worker.mjs"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["lib/ui/**"],
    rules: { "no-restricted-syntax": ["error", useClientOnlyInUi] },
  },
  {
    files: BROWSER_FOLDERS.flatMap((f) => [`${f}/**/*.ts`, `${f}/**/*.tsx`]),
    ignores: notTests,
    rules: {
      ...browserImports({ regex: "^\\.\\.(/|$)", message: "Import outside this folder with `@/` so the browser allow-list sees the target." }),
      "no-restricted-syntax": ["error", {
        selector: "ImportExpression[source.value!=/^\\.\\u002F/]",
        message: "Browser code loads only sibling modules lazily (import(\"./X\")).",
      }],
    },
  },
  ...Object.entries(safeByFolder).map(([folder, modules]) => ({
    files: modules.map((m) => `${m}.ts`),
    rules: {
      ...browserImports({
        regex: `^\\.(?!/(${anyOf(modules.map((m) => m.slice(folder.length + 1)))})$)`,
        message: `A browser-safe module may import only browser-safe siblings in ${folder} (BROWSER_SAFE_MODULES).`,
      }),
      "no-restricted-syntax": ["error", useClientOnlyInUi, { selector: "ImportExpression", message: "Browser-safe modules load nothing lazily." }],
    },
  })),
  {
    files: ["lib/*/contract.ts"],
    rules: {
      ...browserImports({ regex: "^\\.", message: "A contract imports other contracts with `@/lib/<capability>/contract`." }),
      "no-restricted-syntax": ["error", useClientOnlyInUi, { selector: "ImportExpression", message: "Contracts load nothing lazily." }],
    },
  },
  {
    // Every call to /api goes through lib/api/client.ts, which keeps the route's types and the server's error code.
    files: [...BROWSER_FOLDERS, "lib/cli", "app"].flatMap((f) => [`${f}/**/*.ts`, `${f}/**/*.tsx`]),
    ignores: [...notTests, "lib/api/client.ts", "app/api/**"],
    rules: {
      "no-restricted-globals": ["error",
        { name: "fetch", message: "Call /api through createApiClient (lib/api/client.ts): one contract, one error decoder." },
        { name: "EventSource", message: "Call /api through createApiClient (lib/api/client.ts)." },
      ],
    },
  },
  {
    // Fakes and test helpers are for tests: no shipped code (app, lib, scripts) may reach them.
    // The core rule, so it stacks with the browser folders' @typescript-eslint/no-restricted-imports.
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs"],
    // *-suite.ts: contract suites that only test files run; bench/ measures the LLM path against the local test server on purpose.
    ignores: [...notTests, "**/*-suite.ts", "lib/testing/**", "e2e/**", "bench/**"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ regex: "^(@/|(\\.\\./)+)lib/testing/|^\\.\\./testing/", message: "lib/testing holds test fakes and helpers: import it from test files only." }],
      }],
    },
  },
  {
    // Playwright fixtures call `use`, which is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
];

export default config;

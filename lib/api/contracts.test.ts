import fs from "node:fs";
import path from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as contracts from "./contracts";
import { endpointsOf, type Endpoint, type RequestOf, type ResponseOf } from "./endpoint";

const root = path.resolve(import.meta.dirname, "../..");

function routeFiles(dir = path.join(root, "app/api")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(full) : e.name === "route.ts" ? [path.relative(root, full)] : [];
  });
}

const allEndpoints = endpointsOf(contracts);

/** The endpoint each exported method of a route file is built from: `export const GET = route(listJobs, ...)`, `listJobs` imported from a contract module. */
async function servedEndpoints(file: string): Promise<{ method: string; endpoint: Endpoint | undefined; name: string }[]> {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const imports = new Map<string, string>();
  for (const m of text.matchAll(/import \{([^}]*)\} from "(@\/lib\/[\w/-]+\/contract)"/g)) for (const name of m[1].split(",")) imports.set(name.trim(), m[2]);
  const exported = [...text.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = ([^;]*)/g)];
  return Promise.all(
    exported.map(async ([, method, rhs]) => {
      const name = /^route\((\w+),/.exec(rhs)?.[1] ?? "";
      const from = imports.get(name);
      const mod = from ? ((await import(/* @vite-ignore */ from.replace("@/", `${root}/`) + ".ts")) as Record<string, Endpoint>) : undefined;
      return { method, endpoint: mod?.[name], name };
    }),
  );
}

describe("one contract per route", () => {
  const files = routeFiles();

  it("serves every exported method of every route through its endpoint, with the method and path the file stands for", async () => {
    for (const file of files) {
      const urlPath = "/" + path.dirname(file).replace(/^app\//, "");
      const served = await servedEndpoints(file);
      expect(served.length, `${file} exports no method`).toBeGreaterThan(0);
      for (const { method, endpoint, name } of served) {
        expect(endpoint, `${file}: ${method} is not route(<endpoint from a lib/*/contract module>, ...)`).toBeDefined();
        expect({ file, method: endpoint!.method, path: endpoint!.path }, name).toEqual({ file, method, path: urlPath });
        expect(allEndpoints, `${name} is not exported through lib/api/contracts.ts`).toContain(endpoint);
      }
    }
  });

  it("has a route for every contract", async () => {
    const served = (await Promise.all(files.map(servedEndpoints))).flat().map((s) => s.endpoint);
    for (const e of allEndpoints) expect(served, `${e.method} ${e.path} has no route`).toContain(e);
  });

  it("declares each method and path once", () => {
    const keys = allEndpoints.map((e) => `${e.method} ${e.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

// Compile-time: no route's request or response is `any` or `unknown` (tsc checks this file).
type Loose<T> = 0 extends 1 & T ? true : unknown extends T ? true : false;
type AllEndpoints = { [NS in keyof typeof contracts]: { [K in keyof (typeof contracts)[NS]]: (typeof contracts)[NS][K] extends Endpoint ? (typeof contracts)[NS][K] : never }[keyof (typeof contracts)[NS]] }[keyof typeof contracts];
type LooseRequests = AllEndpoints extends infer E ? (E extends Endpoint ? (Loose<RequestOf<E>> extends true ? E["path"] : never) : never) : never;
type LooseResponses = AllEndpoints extends infer E ? (E extends Endpoint ? (Loose<ResponseOf<E>> extends true ? E["path"] : never) : never) : never;
expectTypeOf<LooseRequests>().toEqualTypeOf<never>();
expectTypeOf<LooseResponses>().toEqualTypeOf<never>();

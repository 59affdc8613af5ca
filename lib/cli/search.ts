import { parseArgs } from "node:util";
import { LabError } from "@/lib/errors";
import { searchCollection } from "@/lib/retrieval/contract";
import { search } from "@/lib/retrieval/search";
import { ingestDeps } from "@/lib/services";
import { viaServerOrLocal } from "./lab-client";
import type { CliIo } from "./output";

/** `ragcamp search --collection NAME "question" -k 3 [--mode vector|bm25|hybrid]` */
export async function searchCommand(args: string[], io: CliIo): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { collection: { type: "string" }, k: { type: "string", short: "k" }, mode: { type: "string" } },
  });
  const query = positionals.join(" ");
  if (!v.collection) throw new LabError("bad_input", "--collection is required (see the collection name printed by `ragcamp ingest`)");
  const input = { collection: v.collection, query, k: v.k === undefined ? 3 : Number(v.k), mode: (v.mode ?? "vector") as "vector" };
  const result = await viaServerOrLocal(
    (api) => api.call(searchCollection, { input }),
    async () => search(input, await ingestDeps("local")),
  );
  io.result({ ok: true, ...result }, () =>
    result.hits.map((h, i) => `${i + 1}. ${h.score.toFixed(3)}  ${h.chunk.citation}\n   ${h.chunk.text.slice(0, 200)}…`).join("\n"),
  );
  return 0;
}

import { parseArgs } from "node:util";
import { LabError } from "@/lib/errors";
import { computeTriangle, mineTriples } from "@/lib/similarity/contract";
import { mineCollection } from "@/lib/similarity/mine-collection";
import { triangle } from "@/lib/similarity/triangle";
import { services } from "@/lib/services";
import { viaServerOrLocal } from "./lab-client";
import type { CliIo } from "./output";

/** `ragcamp triangle "A" "B" "C"`: the three similarities with the configured embedder. */
export async function triangleCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length !== 3) throw new LabError("bad_input", 'Usage: ragcamp triangle "text A" "text B" "text C"');
  const [a, b, c] = args;
  const t = await viaServerOrLocal(
    (api) => api.call(computeTriangle, { input: { a, b, c } }),
    () => triangle(services.embedder(), a, b, c),
  );
  io.result({ ok: true, ...t }, () => `${t.modelId}\nA–B ${t.ab.toFixed(3)}\nB–C ${t.bc.toFixed(3)}\nA–C ${t.ac.toFixed(3)}`);
  return 0;
}

/** `ragcamp mine --collection NAME [--tau-high X --tau-low Y --limit N]` */
export async function mineCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { collection: { type: "string" }, "tau-high": { type: "string" }, "tau-low": { type: "string" }, limit: { type: "string" } } });
  const collection = values.collection;
  if (!collection) throw new LabError("bad_input", "--collection is required");
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const options = { tauHigh: num(values["tau-high"]), tauLow: num(values["tau-low"]), limit: num(values.limit) };
  const r = await viaServerOrLocal(
    (api) => api.call(mineTriples, { input: { collection, ...options } }),
    async () => mineCollection(await services.chunkStore(), collection, options),
  );
  io.result({ ok: true, ...r }, () =>
    [
      `${r.stats.triplesFound} triples among ${r.stats.rows} chunks in ${r.stats.elapsedMs} ms (τhigh ${r.thresholds.tauHigh.toFixed(3)}, τlow ${r.thresholds.tauLow.toFixed(3)})`,
      ...r.triples.map((t) => `AB ${t.ab.toFixed(3)} BC ${t.bc.toFixed(3)} AC ${t.ac.toFixed(3)}  ${t.a.citation}  ${t.b.citation}  ${t.c.citation}`),
    ].join("\n"),
  );
  return 0;
}

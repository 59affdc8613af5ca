import { LabError } from "@/lib/errors";
import { graphQuery, loadGraph } from "@/lib/graph/contract";
import { ENGINE_LABEL } from "@/lib/graph/engine-label";
import { loadDevopsGraph } from "@/lib/graph/load-devops";
import { services } from "@/lib/services";
import { viaServerOrLocal } from "./lab-client";
import type { CliIo } from "./output";

/** `ragcamp graph load devops` and `ragcamp graph query "<cypher>" [--allow-write]`. */
export async function graphCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "load") {
    if (rest[0] !== "devops") throw new LabError("bad_input", 'Usage: ragcamp graph load devops (the only shipped graph is "devops")');
    const result = await viaServerOrLocal(
      (api) => api.call(loadGraph, { input: { dataset: "devops" } }),
      async () => loadDevopsGraph(await services.graph()),
    );
    io.result({ ok: true, dataset: "devops", ...result }, () => `Loaded devops: ${result.nodes} nodes, ${result.relationships} relationships in ${Math.round(result.elapsedMs)} ms`);
    return 0;
  }
  if (sub === "query") {
    const allowWrite = rest.includes("--allow-write");
    const cypher = rest.filter((a) => a !== "--allow-write").join(" ");
    if (!cypher.trim()) throw new LabError("bad_input", 'Usage: ragcamp graph query "<cypher>" [--allow-write]');
    const result = await viaServerOrLocal(
      (api) => api.call(graphQuery, { input: { cypher, allowWrite } }),
      async () => {
        const graph = await services.graph();
        return { engine: graph.engine, engineLabel: ENGINE_LABEL[graph.engine], ...(await graph.query(cypher, {}, { readOnly: !allowWrite })) };
      },
    );
    io.result({ ok: true, ...result }, () =>
      [result.columns.join("\t"), ...result.rows.map((r) => result.columns.map((c) => JSON.stringify(r[c])).join("\t")), `(${result.rows.length} rows from ${result.engineLabel})`].join("\n"),
    );
    return 0;
  }
  throw new LabError("bad_input", 'Usage: ragcamp graph load devops | ragcamp graph query "<cypher>" [--allow-write]');
}

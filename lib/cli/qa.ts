import { parseArgs } from "node:util";
import { LabError } from "@/lib/errors";
import { requireChatModel } from "@/lib/llm/chat-model";
import { cypherQa, runAgent, vectorQa } from "@/lib/qa";
import { qaAgent, qaCypher, qaVector, type AgentResult, type CypherQaResult, type VectorQaResult } from "@/lib/qa/contract";
import { qaDeps, services } from "@/lib/services";
import { viaServerOrLocal } from "./lab-client";
import type { CliIo } from "./output";

const MODES = ["vector", "cypher", "agent"] as const;

/** `ragcamp qa --mode vector|cypher|agent "<question>"`: the graph QA lesson's three answers, headless. */
export async function qaCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { mode: { type: "string" }, k: { type: "string", short: "k" } } });
  const mode = (values.mode ?? "vector") as (typeof MODES)[number];
  if (!MODES.includes(mode)) throw new LabError("bad_input", `--mode must be one of ${MODES.join(", ")}`);
  const question = positionals.join(" ").trim();
  if (!question) throw new LabError("bad_input", 'Usage: ragcamp qa --mode vector|cypher|agent "<question>"');
  const k = Number(values.k ?? 4);
  const result = await viaServerOrLocal<VectorQaResult | CypherQaResult | AgentResult>(
    (api) => {
      if (mode === "cypher") return api.call(qaCypher, { input: { question } });
      if (mode === "agent") return api.call(qaAgent, { input: { question } });
      return api.call(qaVector, { input: { question, k } });
    },
    async () => {
      const model = requireChatModel();
      if (mode === "cypher") return cypherQa(await services.graph(), model, question);
      if (mode === "agent") return runAgent({ ...(await qaDeps()), model }, question);
      return vectorQa({ ...(await qaDeps()), model }, question, { k });
    },
  );
  io.result({ ok: true, mode, ...result }, () => result.answer ?? "(no answer)");
  return 0;
}

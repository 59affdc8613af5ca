import { parseArgs } from "node:util";
import { LabError } from "@/lib/errors";
import { requireChatModel } from "@/lib/llm/chat-model";
import { cypherQa, runAgent, vectorQa } from "@/lib/qa";
import { closeServices, qaDeps, services } from "@/lib/services";
import { serverClient } from "./lab-client";
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
  const remote = serverClient();
  let result: unknown;
  if (remote) {
    result = await remote(`/api/qa/${mode}`, mode === "vector" ? { question, k } : { question });
  } else {
    try {
      const model = requireChatModel();
      if (mode === "cypher") result = await cypherQa(await services.graph(), model, question);
      else if (mode === "agent") result = await runAgent({ ...(await qaDeps()), model }, question);
      else result = await vectorQa({ ...(await qaDeps()), model }, question, { k });
    } finally {
      await closeServices();
    }
  }
  const answer = (result as { answer?: string | null }).answer;
  io.result({ ok: true, mode, ...(result as object) }, () => answer ?? "(no answer)");
  return 0;
}

import { listJudgeTemplates } from "@/lib/judge/contract";
import { JUDGE_PROMPTS } from "@/lib/judge/run-spec";
import { SAMPLE_PLACEHOLDERS } from "@/lib/judge/metrics/shared";
import { route } from "@/lib/server/route";

/** The judge prompts, to read and to replace through a judge spec's `templates`. */
export const GET = route(listJudgeTemplates, async () => ({
  templates: JUDGE_PROMPTS.map(({ name, template, required }) => ({ name, template, required: [...required], optional: SAMPLE_PLACEHOLDERS.filter((p) => !required.includes(p)) })),
}));

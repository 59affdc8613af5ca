import "server-only";
import { asNumber, describe, fail, malformed, pass, predictChoice } from "../checks";
import type { LessonExercises } from "../types";

// The by-hand cell's counts: P("language") at temperature T is 6^(1/T) / Σ count^(1/T).
const COUNTS = [6, 3, 1];
const atTemperature = (t: number) => Math.pow(COUNTS[0], 1 / t) / COUNTS.reduce((s, c) => s + Math.pow(c, 1 / t), 0);
const AT_HALF = atTemperature(0.5);
const AT_ONE = atTemperature(1);
// Raising counts to T instead of 1/T: the misconception that a low temperature flattens.
const INVERTED = Math.pow(6, 0.5) / COUNTS.reduce((s, c) => s + Math.pow(c, 0.5), 0);

const REFUSAL = "Not in the context.";
const CONTEXT = "Context:\nSo today I want to talk about emotions, and about how the brain lets us change what we feel, which is what regulation means.";
const QUESTION = "\n\nQuestion: What are the first things the speaker says?";
const RULES = `Answer only from the context. If the context does not contain the answer, reply exactly "${REFUSAL}"`;
const msg = (role: string, content: string) => ({ role, content });

interface Message {
  role: string;
  content: string;
}
const isMessages = (v: unknown): v is Message[] =>
  Array.isArray(v) && v.length > 0 && v.every((m) => m && typeof m === "object" && typeof (m as Message).role === "string" && typeof (m as Message).content === "string");

/** The text after `Context:` up to `Question:`: the evidence the model is given. */
function contextOf(content: string): string {
  const m = /Context:\s*([\s\S]*?)(?:Question:|$)/.exec(content);
  return m ? m[1].trim() : "";
}

export const exercises: LessonExercises = {
  "temperature-by-hand": {
    check(value) {
      const n = asNumber(value);
      if (n === undefined) return malformed(`Expected a number (a probability) as the cell's last value, got ${describe(value)}.`);
      const near = (x: number) => Math.abs(n - x) < 0.002;
      if (near(AT_HALF)) return pass(`6² / (6² + 3² + 1²) = 36 / 46 = ${AT_HALF.toFixed(3)}: a lower temperature gives the likeliest word more of the mass.`);
      if (near(AT_ONE)) return fail(`${n.toFixed(3)} is the probability at temperature 1, the cell's own; at 0.5 each count is raised to the power 1 / 0.5 first.`);
      if (near(INVERTED)) return fail(`${n.toFixed(3)} raises the counts to the power 0.5, which flattens them: temperature divides the scores, so counts go to the power 1 / T = 2.`);
      if (near(1)) return fail("1 would be temperature 0 (always the likeliest word); at 0.5 the other words still have a chance.");
      return fail(`Expected P("language") at temperature 0.5, a number between ${AT_ONE.toFixed(1)} and 1; got ${n}.`);
    },
    hints: [
      "Raise every count to the power 1 / T before dividing: with T = 0.5 that is the power 2.",
      "Math.pow(6, 2) / (Math.pow(6, 2) + Math.pow(3, 2) + Math.pow(1, 2))",
    ],
    solution: `// In the by-hand cell:\nconst T = 0.5;\nconst w = (c: number) => Math.pow(c, 1 / T);\nw(counts.language) / (w(counts.language) + w(counts.web) + w(counts.brain)) // ${AT_HALF.toFixed(3)}`,
    proof: {
      solution: { answer: String(AT_HALF) },
      starter: { answer: String(AT_ONE), reason: /probability at temperature 1/ },
      wrong: [
        { answer: String(INVERTED), misconception: "a low temperature flattens the distribution" },
        { answer: "1", misconception: "any temperature below 1 is greedy" },
      ],
    },
  },
  "greedy-seeds": predictChoice({
    correct: 1,
    choices: 3,
    explanation:
      "At temperature 0 the distribution puts all its mass on the likeliest word, so the random draw never changes the outcome: every seed gives the same text. Seeds matter only above 0, where the three rows differ.",
    proof: {
      solution: { answer: 1 },
      starter: { answer: undefined, reason: /Choose one/ },
      wrong: [
        { answer: 0, misconception: "a different seed always gives a different text" },
        { answer: 2, misconception: "temperature 0 cannot be sampled from" },
      ],
    },
  }),
  "grounded-messages": {
    check(value) {
      if (!isMessages(value)) return malformed(`Expected your messages, an array of { role, content }, sent with lab.submit("grounded-messages", messages); got ${describe(value)}.`);
      const user = value.filter((m) => m.role === "user").map((m) => m.content).join("\n");
      if (contextOf(user).length < 40) return fail("Your user message carries no context after `Context:`: without the evidence in the prompt, the model can only answer from memory.");
      if (!/Question:\s*\S/.test(user)) return fail("Your user message has no `Question:` line: the model needs to know what to answer.");
      const system = value.filter((m) => m.role === "system").map((m) => m.content).join("\n");
      if (!system.trim()) return fail("There is no system message: put the rules in a message with role \"system\", apart from the data.");
      if (!/\bonly\b/i.test(system) || !/context/i.test(system)) return fail("Your system message does not tell the model to answer only from the context.");
      if (!system.includes(`"${REFUSAL}"`)) return fail(`Your system message does not say to reply exactly "${REFUSAL}" (in double quotes) when the context does not contain the answer.`);
      return pass("The evidence is in the prompt, and the rules say to use only it and what to reply when it is not enough.");
    },
    hints: [
      `Change only the system message's content; keep the user message as it is, and submit before the lab.llm.chat line.`,
      `For example: Answer only from the context. If the context does not contain the answer, reply exactly "${REFUSAL}"`,
    ],
    solution: `// In the grounded cell:\nconst messages: { role: "system" | "user"; content: string }[] = [\n  { role: "system", content: 'Answer only from the context. If the context does not contain the answer, reply exactly "${REFUSAL}"' },\n  { role: "user", content: \`Context:\\n\${excerpt.text}\\n\\nQuestion: \${question}\` },\n];\nawait lab.submit("grounded-messages", messages);`,
    proof: {
      solution: { answer: [msg("system", RULES), msg("user", CONTEXT + QUESTION)] },
      starter: { answer: [msg("system", "You are a helpful assistant."), msg("user", CONTEXT + QUESTION)], reason: /does not tell the model to answer only from the context/ },
      wrong: [
        { answer: [msg("system", RULES), msg("user", QUESTION.trim())], misconception: "telling the model not to invent is enough without evidence" },
        { answer: [msg("system", "Answer only from the context."), msg("user", CONTEXT + QUESTION)], misconception: "a model knows what to say when the context is silent" },
        { answer: [msg("user", `${RULES}\n\n${CONTEXT}${QUESTION}`)], misconception: "rules and data belong in one message" },
      ],
    },
  },
};

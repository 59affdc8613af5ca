import "server-only";
import { asNumber, describe, fail, pass, predictChoice } from "../checks";
import type { LessonExercises } from "../types";

// The table cell's rows, as the lesson computes them: about 9,000 spoken words an hour, cut at each size.
const SIZES = [64, 128, 256, 512];
const perHour = SIZES.map((s) => Math.round(9000 / s));
const total = perHour.reduce((a, b) => a + b, 0);

export const exercises: LessonExercises = {
  "kernel-keeps-names": predictChoice({
    correct: 1,
    choices: 3,
    explanation:
      "The kernel keeps the value a name had when its cell last ran. Editing the first cell changes nothing until you run it again, so `reuse` still sees \"you\" and shows YOU. Run the first cell, then `reuse`, and it shows the new name.",
    proof: {
      solution: { answer: 1 },
      starter: { answer: undefined, reason: /Choose one/ },
      wrong: [
        { answer: 0, misconception: "the kernel re-reads edited cells by itself" },
        { answer: 2, misconception: "names do not carry from one cell to the next" },
      ],
    },
  }),
  "chunks-total": {
    check(value) {
      const n = asNumber(value);
      if (Array.isArray(value)) return fail(`Expected one number, the total; got ${describe(value)} (one count per size). Add them up.`);
      if (n === undefined) return fail(`Expected a number as the cell's last value, got ${describe(value)}.`);
      if (n === total) return pass(`${total} chunks: ${perHour.join(" + ")}.`);
      if (n === SIZES.length) return fail(`${n} is the number of rows, not the chunks they count.`);
      if (n === SIZES.reduce((a, b) => a + b, 0)) return fail(`${n} adds up the chunk sizes; the total wanted is of chunksPerHourOfTalk.`);
      return fail(`Expected the sum of the chunksPerHourOfTalk column, got ${n}.`);
    },
    hints: [
      "The cell's last line decides what is checked: make it an expression, after lab.chart(...).",
      "`rows` holds one object per chunk size; `rows.reduce((n, r) => n + r.chunksPerHourOfTalk, 0)` adds one field over all of them.",
    ],
    solution: "// Last line of the `table` cell:\nrows.reduce((n, r) => n + r.chunksPerHourOfTalk, 0)",
    proof: {
      solution: { answer: String(total) },
      starter: { answer: undefined, reason: /Expected a number .* got nothing/ },
      wrong: [
        { answer: "4", misconception: "counting rows instead of adding a column" },
        { answer: "960", misconception: "adding the chunk sizes" },
        { answer: perHour, misconception: "a column instead of its total" },
      ],
    },
  },
};

/**
 * Prints, for each question of a shipped set, the share of its content words
 * that occur in its evidence span, then the mean and the largest:
 *   npx tsx scripts/question-overlap.ts [set id, default google-talks-paraphrase]
 * Exits 1 when a question is over 30%, the paraphrase set's limit.
 */
import { loadDataset } from "@/lib/captions/datasets";
import { questionOverlaps } from "@/lib/eval/overlap";
import { resolveQuestionSet } from "@/lib/eval/questions";

const LIMIT = 0.3;
const id = process.argv[2] ?? "google-talks-paraphrase";
const [{ set }, docs] = await Promise.all([resolveQuestionSet(id), loadDataset("google-talks")]);
const rows = questionOverlaps(set.questions, docs);
for (const r of rows) console.log(`${r.id.padEnd(20)} ${(100 * r.fraction).toFixed(0).padStart(3)}%  ${r.shared.length}/${r.total}  ${r.shared.join(", ")}`);
const mean = rows.reduce((s, r) => s + r.fraction, 0) / rows.length;
const max = Math.max(...rows.map((r) => r.fraction));
console.log(`${id}: ${rows.length} questions, mean overlap ${(100 * mean).toFixed(1)}%, max ${(100 * max).toFixed(1)}% (limit ${100 * LIMIT}%)`);
if (max > LIMIT) process.exitCode = 1;

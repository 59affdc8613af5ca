import { describe, expect, it } from "vitest";
import { loadDataset } from "@/lib/captions/datasets";
import { questionOverlaps } from "./overlap";
import { resolveQuestionSet, validateAgainstTranscripts } from "./questions";

describe("the shipped google-talks-paraphrase question set", () => {
  it("has at least 40 questions with unique ids, at least 3 for each of the 13 talks, spans inside the transcripts on cue boundaries", async () => {
    const [{ set }, docs] = await Promise.all([resolveQuestionSet("google-talks-paraphrase"), loadDataset("google-talks")]);
    expect(set.questions.length).toBeGreaterThanOrEqual(40);
    expect(new Set(set.questions.map((q) => q.id)).size).toBe(set.questions.length);
    const perTalk = new Map<string, number>();
    for (const q of set.questions) for (const e of q.evidence) perTalk.set(e.video_id, (perTalk.get(e.video_id) ?? 0) + 1);
    expect(perTalk.size).toBe(13);
    for (const [videoId, count] of perTalk) expect(count, videoId).toBeGreaterThanOrEqual(3);

    expect(() => validateAgainstTranscripts(set, docs)).not.toThrow();
    for (const q of set.questions) {
      for (const span of q.evidence) {
        const cues = docs.find((d) => d.videoId === span.video_id)!.cues;
        expect(cues.some((c) => c.startS === span.start_s), `${q.id} starts on a cue`).toBe(true);
        expect(cues.some((c) => c.endS === span.end_s), `${q.id} ends on a cue`).toBe(true);
      }
    }
  });

  it("shares at most 30% of each question's content words with its evidence", async () => {
    const [{ set }, docs] = await Promise.all([resolveQuestionSet("google-talks-paraphrase"), loadDataset("google-talks")]);
    for (const row of questionOverlaps(set.questions, docs)) expect(row.fraction, `${row.id}: ${row.shared.join(", ")}`).toBeLessThanOrEqual(0.3);
  });

  it("is not the first set: no question is shared with google-talks-v1", async () => {
    const [{ set }, { set: v1 }] = await Promise.all([resolveQuestionSet("google-talks-paraphrase"), resolveQuestionSet("google-talks-v1")]);
    const first = new Set(v1.questions.map((q) => q.question));
    expect(set.questions.filter((q) => first.has(q.question))).toEqual([]);
  });
});

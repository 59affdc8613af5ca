import { describe, expect, it } from "vitest";
import { labError } from "@/lib/testing/lab-error";
import { resolveQuestionSet } from "./questions";
import { splitSpecSchema } from "./contract";
import { splitQuestions } from "./split";

/** n questions on each of the talks, with gold spans in that talk. */
function questions(perTalk: Record<string, number>) {
  return Object.entries(perTalk).flatMap(([talk, n]) =>
    Array.from({ length: n }, (_, i) => ({ id: `${talk}-${i}`, evidence: [{ video_id: talk, start_s: i, end_s: i + 1 }] })),
  );
}

const talks = { aaaaaaaaaaa: 10, bbbbbbbbbbb: 5, ccccccccccc: 20 };

describe("splitQuestions", () => {
  it("holds out the same share of every talk's questions", () => {
    const { tune, test } = splitQuestions(questions(talks), { seed: 1, test: 0.4 });
    const count = (list: { id: string }[], talk: string) => list.filter((q) => q.id.startsWith(talk)).length;
    expect([count(test, "aaaaaaaaaaa"), count(test, "bbbbbbbbbbb"), count(test, "ccccccccccc")]).toEqual([4, 2, 8]);
    expect(tune.length + test.length).toBe(35);
    expect(new Set([...tune, ...test].map((q) => q.id)).size).toBe(35);
  });

  it("gives the same split for the same seed, another for another seed, each in the set's order", () => {
    const all = questions(talks);
    const ids = (seed: number) => splitQuestions(all, { seed, test: 0.4 }).test.map((q) => q.id);
    expect(ids(7)).toEqual(ids(7));
    expect(ids(7)).not.toEqual(ids(8));
    const order = all.map((q) => q.id);
    expect(ids(7)).toEqual([...ids(7)].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  });

  it("splits the shipped set by its fixed seed into about 60/40 with every talk on both sides", async () => {
    const { set } = await resolveQuestionSet();
    const { tune, test } = splitQuestions(set.questions, splitSpecSchema.parse({}));
    expect(test.length).toBeGreaterThanOrEqual(37);
    expect(test.length).toBeLessThanOrEqual(42);
    const talksOf = (list: typeof tune) => new Set(list.map((q) => q.evidence[0].video_id));
    expect(talksOf(test).size).toBe(13);
    expect(talksOf(tune).size).toBe(13);
  });

  it("refuses a test part under 10 questions, naming the field", () => {
    const e = labError(() => splitQuestions(questions({ aaaaaaaaaaa: 8 }), { seed: 1, test: 0.4 }));
    expect(e.code).toBe("bad_input");
    expect(e.message).toMatch(/^split\.test: the test part would have 3 of 8 questions; at least 10/);
  });
});

describe("splitSpecSchema", () => {
  it("defaults to the shipped seed, a 40% test part and MRR", () => {
    expect(splitSpecSchema.parse({})).toEqual({ seed: 18, test: 0.4, metric: "mrr" });
  });

  it.each([
    [{ seed: "abc" }, ["seed"], /whole number/],
    [{ seed: 1.5 }, ["seed"], /whole number/],
    [{ test: 1 }, ["test"], /less than 1/],
    [{ test: "half" }, ["test"], /between 0 and 1/],
  ])("refuses %j, naming the field", (input, path, message) => {
    const r = splitSpecSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(path);
    expect(r.error?.issues[0].message).toMatch(message);
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { labError, labRejection } from "@/lib/testing/lab-error";
import { loadDataset } from "@/lib/captions/datasets";
import type { CaptionDocument } from "@/lib/captions/types";
import { gridSpecSchema } from "@/lib/experiments/contract";
import { MAX_QUESTIONS, metadataWarning, readQuestionSetFile, resolveQuestionSet, questionSetSchema, validateAgainstTranscripts, type QuestionSet } from "./questions";
import { overlaps } from "./relevance";

describe("the shipped google-talks question set", () => {
  it("has at least 60 questions with unique ids, at least 3 for each of the 13 talks, and every kind", async () => {
    const [set, docs] = await Promise.all([resolveQuestionSet().then((r) => r.set), loadDataset("google-talks")]);
    expect(set.questions.length).toBeGreaterThanOrEqual(60);
    expect(new Set(set.questions.map((q) => q.id)).size).toBe(set.questions.length);

    const perTalk = new Map(docs.map((d) => [d.videoId, 0]));
    for (const q of set.questions) {
      for (const videoId of new Set(q.evidence.map((e) => e.video_id))) perTalk.set(videoId, (perTalk.get(videoId) ?? 0) + 1);
    }
    expect(perTalk.size).toBe(13);
    for (const [videoId, count] of perTalk) expect(count, videoId).toBeGreaterThanOrEqual(3);

    expect(new Set(set.questions.map((q) => q.kind))).toEqual(new Set(["factual", "paraphrase", "multi-part", "conceptual"]));
    for (const q of set.questions.filter((q) => q.kind === "multi-part")) expect(q.evidence.length, q.id).toBeGreaterThanOrEqual(2);
  });

  it("points every gold span inside its transcript, at cues with text", async () => {
    const [set, docs] = await Promise.all([resolveQuestionSet().then((r) => r.set), loadDataset("google-talks")]);
    expect(() => validateAgainstTranscripts(set, docs)).not.toThrow();
    const byVideo = new Map(docs.map((d) => [d.videoId, d]));
    for (const q of set.questions) {
      for (const span of q.evidence) {
        const cues = byVideo.get(span.video_id)?.cues.filter((c) => overlaps(c.startS, c.endS, span.start_s, span.end_s)) ?? [];
        expect(cues.map((c) => c.text).join(" ").trim(), `${q.id} ${span.start_s}–${span.end_s}`).not.toBe("");
      }
    }
  });
});

const VIDEO = "hQVTIJBZook";
const OTHER = "0SARbwvhupQ";

function set(...evidence: { video_id: string; start_s: number; end_s: number }[][]): QuestionSet {
  return { version: 1, questions: evidence.map((ev, i) => ({ id: `q${i + 1}`, question: "?", evidence: ev })) };
}

describe("questionSetSchema", () => {
  const valid = {
    version: 1,
    questions: [
      {
        id: "a-1",
        question: "What?",
        evidence: [{ video_id: VIDEO, start_s: 1, end_s: 2 }],
        reference_answer: "That.",
        kind: "factual",
      },
      { id: "a-2", question: "And?", evidence: [{ video_id: VIDEO, start_s: 3, end_s: 4 }] },
    ],
  };

  it("accepts the documented format, with reference_answer and kind optional", () => {
    expect(questionSetSchema.parse(valid)).toEqual(valid);
  });

  it("keeps unknown fields as metadata and accepts any kind label, with one warning listing the fields", () => {
    const extra = {
      ...valid,
      description: "my notes",
      questions: [
        { ...valid.questions[0], kind: "detail", source: "slide 4", video_id: VIDEO },
        { ...valid.questions[1], source: "Q&A" },
      ],
    };
    const parsed = questionSetSchema.parse(extra);
    expect(parsed.metadata).toEqual({ description: "my notes" });
    expect(parsed.questions[0]).toEqual({ ...valid.questions[0], kind: "detail", metadata: { source: "slide 4", video_id: VIDEO } });
    expect(parsed.questions[1].metadata).toEqual({ source: "Q&A" });
    // Parsed again (the CLI parses, the server parses what it sent): the same set.
    expect(questionSetSchema.parse(parsed)).toEqual(parsed);
    const warnings = metadataWarning(parsed);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/description \(on the set\), source \(2 questions\), video_id \(1 question\)/);
    expect(metadataWarning(questionSetSchema.parse(valid))).toEqual([]);
  });

  it("shows no odd field names back in the warning", () => {
    const parsed = questionSetSchema.parse({ ...valid, questions: [{ ...valid.questions[1], "<img src=x>": 1 }] });
    expect(metadataWarning(parsed)[0]).toContain("(a field with an unusual name) (1 question)");
    expect(metadataWarning(parsed)[0]).not.toContain("<img");
  });

  it("names the question and field of what scoring needs", () => {
    const result = questionSetSchema.safeParse({ ...valid, questions: [valid.questions[0], { ...valid.questions[1], evidence: [{ video_id: VIDEO, start_s: 3, end: 4 }] }] });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join("."));
    expect(paths).toContain("questions.1.evidence.0.end_s");
    expect(paths).toContain("questions.1.evidence.0");
  });

  it.each([
    ["metadata that is not an object", { ...valid, metadata: "x" }],
    ["a blank kind", { ...valid, questions: [{ ...valid.questions[0], kind: " " }] }],
    ["an unknown span key", { ...valid, questions: [{ ...valid.questions[1], evidence: [{ video_id: VIDEO, start_s: 1, end_s: 2, text: "" }] }] }],
    ["another version", { ...valid, version: 2 }],
    ["no evidence", { ...valid, questions: [{ ...valid.questions[1], evidence: [] }] }],
    ["a blank question", { ...valid, questions: [{ ...valid.questions[1], question: "  " }] }],
    ["a malformed video id", { ...valid, questions: [{ ...valid.questions[1], evidence: [{ video_id: "nope", start_s: 1, end_s: 2 }] }] }],
    ["seconds as strings", { ...valid, questions: [{ ...valid.questions[1], evidence: [{ video_id: VIDEO, start_s: "1", end_s: 2 }] }] }],
    ["no questions", { ...valid, questions: [] }],
  ])("rejects %s", (_, input) => {
    expect(questionSetSchema.safeParse(input).success).toBe(false);
  });

  it("rejects duplicate ids, naming the id", () => {
    const result = questionSetSchema.safeParse({ ...valid, questions: [valid.questions[0], valid.questions[0]] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe("duplicate of questions.0.id");
  });
});

describe("readQuestionSetFile (the CLI reads the file and sends its content)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ragcamp-questions-"));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it("reads a valid file", async () => {
    const file = write("ok.json", JSON.stringify(set([{ video_id: VIDEO, start_s: 0, end_s: 5 }])));
    expect((await readQuestionSetFile(file)).questions).toHaveLength(1);
  });

  it("reports a missing file as not_found", async () => {
    const error = await labRejection(readQuestionSetFile(path.join(dir, "missing.json")));
    expect(error.code).toBe("not_found");
    expect(error.message).toMatch(/question set not found: .*missing\.json/);
  });

  it("names the file and where the problem is, never the content", async () => {
    const secret = "root:x:0:0:root:/root:/bin/bash";
    const broken = await labRejection(readQuestionSetFile(write("broken.json", secret)));
    expect(broken.code).toBe("bad_input");
    expect(broken.message).toMatch(/broken\.json: not valid JSON$/);
    const keyed = await labRejection(readQuestionSetFile(write("keyed.json", JSON.stringify({ version: 1, [secret]: 1, questions: [{ id: secret, question: "q", evidence: [] }] }))));
    expect(keyed.code).toBe("bad_input");
    expect(keyed.message).toMatch(/keyed\.json: questions\.0\.evidence: needs at least one gold span$/);
    expect(keyed.message).not.toContain("root");
  });

  it("refuses a file over 1 MB before reading it", async () => {
    const error = await labRejection(readQuestionSetFile(write("big.json", " ".repeat(1_000_001))));
    expect(error.code).toBe("too_large");
  });
});

describe("question sets in specs are ids or sets, never paths", () => {
  const spec = (questions: unknown) => gridSpecSchema.safeParse({ chunking: [{ kind: "token", size: 64 }], topK: [1], questions });

  it.each(["/etc/passwd", "../../etc/passwd", "datasets/questions/google-talks-v1.json", "/dev/zero"])("refuses the path %s", (p) => {
    const r = spec(p);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["questions"]);
    expect(r.error?.issues[0].message).toMatch(/id of a shipped question set/);
  });

  it("resolves a shipped id with its id and content hash as lineage, and an unknown id as not_found", async () => {
    const shipped = await resolveQuestionSet("google-talks-v1");
    expect(shipped.lineage).toEqual({ id: "google-talks-v1", hash: expect.stringMatching(/^[0-9a-f]{12}$/) });
    // The same content sent inline gets the same hash and no id.
    const inline = await resolveQuestionSet(shipped.set);
    expect(inline.lineage).toEqual({ hash: shipped.lineage.hash });
    const missing = await labRejection(resolveQuestionSet("no-such-set"));
    expect(missing.code).toBe("not_found");
    expect(missing.message).toContain("google-talks-v1");
  });

  it("takes an inline set, naming the field of a bad one", () => {
    expect(spec(set([{ video_id: VIDEO, start_s: 0, end_s: 5 }])).success).toBe(true);
    const bad = spec({ version: 1, questions: [{ id: "a", question: "q", evidence: [{ video_id: VIDEO, start_s: "0", end_s: 5 }] }] });
    expect(bad.error?.issues[0].path).toEqual(["questions", "questions", 0, "evidence", 0, "start_s"]);
  });

  it("refuses more than 2,000 questions and more than 1 MB", () => {
    const q = (i: number, text = "q") => ({ id: `q${i}`, question: text, evidence: [{ video_id: VIDEO, start_s: 0, end_s: 5 }] });
    const many = spec({ version: 1, questions: Array.from({ length: MAX_QUESTIONS + 1 }, (_, i) => q(i)) });
    expect(many.error?.issues[0].message).toBe("at most 2000 questions");
    const heavy = spec({ version: 1, questions: Array.from({ length: 3 }, (_, i) => q(i, "x".repeat(400_000))) });
    expect(heavy.error?.issues[0].message).toMatch(/bytes as JSON; at most 1000000/);
  });
});

describe("validateAgainstTranscripts", () => {
  // The last cue ends at 100 s.
  const doc: CaptionDocument = {
    id: `google-talks:${VIDEO}`,
    videoId: VIDEO,
    title: "t",
    channel: "c",
    url: "u",
    timing: "exact",
    cues: [
      { startS: 0, endS: 50, text: "a" },
      { startS: 50, endS: 100, text: "b" },
    ],
    attribution: { source: "s", licence: "l", credit: "c" },
  };

  it("accepts spans inside the transcript, up to one second past the last cue", () => {
    expect(() => validateAgainstTranscripts(set([{ video_id: VIDEO, start_s: 0, end_s: 10 }], [{ video_id: VIDEO, start_s: 90, end_s: 101 }]), [doc])).not.toThrow();
  });

  it.each([
    ["an unknown video", { video_id: OTHER, start_s: 0, end_s: 10 }, /points to unknown video 0SARbwvhupQ/],
    ["a negative start", { video_id: VIDEO, start_s: -1, end_s: 10 }, /starts at -1 s, before the video starts/],
    ["an end at its start", { video_id: VIDEO, start_s: 10, end_s: 10 }, /ends at 10 s, not after its start/],
    ["an end before its start", { video_id: VIDEO, start_s: 10, end_s: 5 }, /ends at 5 s, not after its start/],
    ["an end past the transcript", { video_id: VIDEO, start_s: 90, end_s: 101.5 }, /ends at 101.5 s, after the transcript ends at 100 s/],
  ])("rejects %s", (_, span, message) => {
    const error = labError(() => validateAgainstTranscripts(set([span]), [doc]));
    expect(error.code).toBe("bad_input");
    expect(error.message).toMatch(message);
  });

  it("lists every offending question id, and only those", () => {
    const questions = set(
      [{ video_id: VIDEO, start_s: 0, end_s: 10 }],
      [
        { video_id: VIDEO, start_s: 0, end_s: 10 },
        { video_id: VIDEO, start_s: 20, end_s: 500 },
      ],
      [{ video_id: OTHER, start_s: 0, end_s: 10 }],
    );
    const error = labError(() => validateAgainstTranscripts(questions, [doc]));
    expect(error.message).toMatch(/^2 question\(s\) have gold spans outside their transcripts: q2 \(evidence\[1\] ends at 500 s.*\), q3 \(evidence\[0\] points/);
    expect(error.details).toEqual([
      { id: "q2", problems: ["evidence[1] ends at 500 s, after the transcript ends at 100 s"] },
      { id: "q3", problems: ["evidence[0] points to unknown video 0SARbwvhupQ"] },
    ]);
  });
});

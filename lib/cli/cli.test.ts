import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadDataset } from "@/lib/captions/datasets";
import { startOpenAITestServer } from "@/lib/testing/openai-test-server";

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-cli-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Runs the real CLI binary; resolves with its exit code, stdout and stderr. */
async function ragcamp(...args: string[]) {
  return ragcampWith({}, ...args);
}

async function ragcampWith(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/ragcamp.mjs", ...args], { env: { ...process.env, RAGCAMP_DATA_DIR: dataDir, ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("ragcamp CLI", () => {
  it("loads the DevOps graph and answers with exactly one JSON document", async () => {
    expect((await ragcamp("graph", "load", "devops", "--json")).code).toBe(0);
    const { code, stdout } = await ragcamp("graph", "query", "MATCH (t:Task {status: 'open'}) RETURN count(*) AS open", "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, rows: [{ open: 5 }], engineLabel: "LadybugDB (embedded)" });
  });

  it("refuses writes unless --allow-write, with the error in the JSON and a non-zero exit", async () => {
    const refused = await ragcamp("graph", "query", "MATCH (t:Task) DETACH DELETE t", "--json");
    expect(refused.code).not.toBe(0);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, error: { message: expect.stringContaining("Only read queries") } });
    const after = await ragcamp("graph", "query", "MATCH (t:Task) RETURN count(*) AS n", "--json");
    expect(JSON.parse(after.stdout).rows).toEqual([{ n: 10 }]);
  });

  it("answers with Cypher QA through an OpenAI-compatible server", async () => {
    const llm = await startOpenAITestServer([
      { content: "```cypher\nMATCH (t:Task {status: 'open'}) RETURN count(*) AS openTasks\n```" },
      { content: "There are 5 open tasks." },
    ]);
    try {
      const { code, stdout } = await ragcampWith(
        { OPENAI_BASE_URL: llm.baseUrl, RAGCAMP_CHAT_MODEL: "test-model" },
        "qa", "--mode", "cypher", "How many open tickets are there?", "--json",
      );
      expect(code).toBe(0);
      const result = JSON.parse(stdout);
      expect(result).toMatchObject({ ok: true, mode: "cypher", rows: [{ openTasks: 5 }], answer: "There are 5 open tasks." });
      expect(llm.requests[0].body?.messages.map((m) => String(m.content)).join("\n")).toContain("Task");
    } finally {
      await llm.close();
    }
  });

  it("judges a grid run: answers its questions with the chat model, then scores them, with --json", async () => {
    const spec = path.join(dataDir, "grid.json");
    fs.writeFileSync(spec, JSON.stringify({ corpus: { only: ["tShDYA3NFVs"] }, chunking: [{ kind: "token", size: 256 }], topK: [3], modes: ["bm25"] }));
    const grid = await ragcamp("grid", "--spec", spec, "--json");
    expect(grid.code).toBe(0);
    const runId = JSON.parse(grid.stdout).id as string;

    let ratings = 0;
    const llm = await startOpenAITestServer([], {
      respond: (request) =>
        String(request.messages.at(-1)?.content).includes('"score":')
          ? { content: JSON.stringify({ score: 3 + (ratings++ % 2), reason: "Clear." }) }
          : { content: "Naming an emotion helps [1]." },
    });
    try {
      const withModel = { OPENAI_BASE_URL: llm.baseUrl, RAGCAMP_CHAT_MODEL: "test-model" };
      const { code, stdout } = await ragcampWith(withModel, "judge", "--run", runId, "--judges", "relevancy,style", "--repeats", "2", "--questions", "3", "--json");
      expect(code).toBe(0);
      const run = JSON.parse(stdout);
      expect(run).toMatchObject({ ok: true, repeats: 2, experiment: { id: runId, point: "token 256/0 bm25 k=3" } });
      expect(run.samples).toHaveLength(3);
      expect(run.judges.map((j: { judge: string; counts: { ok: number } }) => [j.judge, j.counts.ok])).toEqual([
        ["answer_relevancy", 6],
        ["rubric:style", 6],
      ]);
      expect(run.judges[0].items[0].scores).toHaveLength(2);
      // 3 answers + 2 judges × 3 answers × 2 repeats.
      expect(llm.requests).toHaveLength(15);

      const again = await ragcampWith(withModel, "judge", "--run", runId, "--judges", "relevancy,style", "--repeats", "2", "--questions", "3", "--json");
      expect(JSON.parse(again.stdout).answerTokens).toEqual({ input: 0, output: 0 });
      expect(llm.requests).toHaveLength(15);
    } finally {
      await llm.close();
    }
  }, 120_000);

  it("runs a split grid with intervals and looks, and compares two runs with a paired interval", async () => {
    // 25 questions on one short talk, each a cue's words with that cue as its gold span: a test part of 10.
    const talk = "bDgD9whDfEY";
    const doc = (await loadDataset("google-talks")).find((d) => d.videoId === talk)!;
    const step = Math.floor(doc.cues.length / 25);
    const questions = Array.from({ length: 25 }, (_, i) => {
      const cue = doc.cues[i * step];
      return { id: `cue-${i}`, question: cue.text, evidence: [{ video_id: talk, start_s: cue.startS, end_s: cue.endS }] };
    });
    const questionFile = path.join(dataDir, "cues.json");
    fs.writeFileSync(questionFile, JSON.stringify({ version: 1, questions }));
    const spec = path.join(dataDir, "split-grid.json");
    fs.writeFileSync(spec, JSON.stringify({ corpus: { only: [talk] }, chunking: [{ kind: "token", size: 256 }], topK: [3], modes: ["bm25"] }));

    const bad = await ragcamp("grid", "--spec", spec, "--questions", questionFile, "--split-seed", "lucky", "--json");
    expect(bad.code).not.toBe(0);
    expect(JSON.parse(bad.stdout).error.message).toBe('--split-seed must be a whole number, got "lucky"');

    const first = await ragcamp("grid", "--spec", spec, "--questions", questionFile, "--split", "--split-seed", "4");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/hit@k \[95% CI\]/);
    expect(first.stdout).toMatch(/test: +hit@k \d\.\d{3} \[\d\.\d\d, \d\.\d\d\], MRR .* on 10 held-out questions \(seed 4\); looks at this test part: 1/);
    const a = (await ragcamp("grid", "--spec", spec, "--questions", questionFile, "--split-seed", "4", "--json")).stdout;
    const runA = JSON.parse(a);
    // The same configuration on the same test part is the same look.
    expect(runA.split).toMatchObject({ seed: 4, tuneQuestions: 15, testQuestions: 10, looks: 1 });
    fs.writeFileSync(spec, JSON.stringify({ corpus: { only: [talk] }, chunking: [{ kind: "token", size: 256 }], topK: [3], modes: ["bm25", "vector"] }));
    const runB = JSON.parse((await ragcamp("grid", "--spec", spec, "--questions", questionFile, "--split-seed", "4", "--json")).stdout);

    const compared = await ragcamp("compare", runA.id, runB.id, "--metric", "hitRate", "--json");
    expect(compared.code).toBe(0);
    const result = JSON.parse(compared.stdout);
    // bm25 at k 3 is in both runs, scored on the same tuning questions: no difference, and so not distinguishable.
    expect(result.rows).toEqual([expect.objectContaining({ configuration: "token 256/0|bm25|3", verdict: "not distinguishable", difference: expect.objectContaining({ mean: 0, questions: 15 }) })]);
    const badMetric = await ragcamp("compare", runA.id, runB.id, "--metric", "speed", "--json");
    expect(JSON.parse(badMetric.stdout).error.message).toMatch(/--metric must be one of hitRate/);
  }, 120_000);

  it("rejects a bad ingest before doing any work", async () => {
    const { code, stdout } = await ragcamp("ingest", "--dataset", "google-talks", "--size", "0", "--json");
    expect(code).not.toBe(0);
    expect(JSON.parse(stdout).error.message).toMatch(/size must be at least 1/);
    const unknown = await ragcamp("ingest", "--dataset", "no-such-set", "--json");
    expect(JSON.parse(unknown.stdout).error.message).toMatch(/google-talks/);
  });
});

import { describe, expect, it, vi } from "vitest";
import type { LabContext } from "@/lib/sdk/lab";

vi.hoisted(async () => {
  const [{ mkdtempSync }, { tmpdir }, { join }] = await Promise.all([import("node:fs"), import("node:os"), import("node:path")]);
  Object.assign(process.env, { RAGCAMP_DATA_DIR: mkdtempSync(join(tmpdir(), "ragcamp-corpus-route-")), RAGCAMP_AUTH: "local" });
});

const { POST } = await import("./route");
const { createApiClient } = await import("@/lib/api/client");
const { resolveCorpus } = await import("@/lib/ingest/contract");
const { createLab } = await import("@/lib/sdk/lab");

const HOST = "localhost:3000";
const VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nhello there\n";
/** The /api client with its requests going straight to the route. */
const api = createApiClient({
  origin: `http://${HOST}`,
  fetch: async (url, init) => POST(new Request(url, { ...init, headers: { ...(init?.headers as Record<string, string>), host: HOST, origin: `http://${HOST}` } }), { params: Promise.resolve({}) }),
});

describe("POST /api/corpus", () => {
  it("answers an uploaded file's corpus without sending its text back, as the contract says", async () => {
    const res = await api.open(resolveCorpus, { input: { kind: "file", filename: "talk.vtt", text: VTT } });
    const body = await res.json();
    expect(body.source).toEqual({ kind: "file", filename: "talk.vtt" });
    expect(resolveCorpus.response.parse(body)).toMatchObject({ corpus: "file-talk", documents: [{ id: "file:talk.vtt", cues: 1 }] });
  });

  it("gives a cell a file corpus that keeps its text, so lab.chunk and lab.ingest can send it", async () => {
    const lab = createLab({ api, emit: () => undefined, maxOutputBytes: 1 << 20 } as unknown as LabContext);
    const corpus = await lab.captions.fromFile("talk.vtt", VTT);
    expect(corpus.source).toEqual({ kind: "file", filename: "talk.vtt", text: VTT });
    expect(corpus.documents).toHaveLength(1);
  });
});

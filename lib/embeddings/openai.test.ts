import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { createOpenAIEmbeddings, openAIDimension, openAIEmbedderId } from "./openai";

interface SeenRequest {
  url: string | undefined;
  authorization: string | undefined;
  body: { model: string; input: string[] | string; dimensions?: number; encoding_format?: string };
}

async function readJson(req: IncomingMessage): Promise<SeenRequest["body"]> {
  let raw = "";
  for await (const chunk of req) raw += String(chunk);
  return JSON.parse(raw);
}

/** A local OpenAI-compatible /embeddings endpoint: vector i is [i, len(text)]. */
describe("OpenAI-compatible embeddings", () => {
  const seen: SeenRequest[] = [];
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await readJson(req);
      seen.push({ url: req.url, authorization: req.headers.authorization, body });
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      const data = inputs.map((text, index) => {
        const vector = [index, text.length];
        const embedding =
          body.encoding_format === "base64"
            ? Buffer.from(Float32Array.from(vector).buffer).toString("base64")
            : vector;
        return { object: "embedding", index, embedding };
      });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends model, dimensions and key to the configured server", async () => {
    const embeddings = createOpenAIEmbeddings({
      provider: "openai",
      model: "nomic-embed-text",
      baseUrl,
      apiKey: "test-key",
      dimensions: 2,
    });
    expect(await embeddings.embedDocuments(["hi", "there"])).toEqual([[0, 2], [1, 5]]);
    expect(seen.at(-1)).toMatchObject({
      url: "/v1/embeddings",
      authorization: "Bearer test-key",
      body: { model: "nomic-embed-text", input: ["hi", "there"], dimensions: 2 },
    });
  });

  it("works against a keyless local server", async () => {
    const embeddings = createOpenAIEmbeddings({ provider: "openai", model: "local-model", baseUrl });
    expect(await embeddings.embedQuery("abc")).toEqual([0, 3]);
  });

  it("refuses to start with neither key nor server", () => {
    expect(() => createOpenAIEmbeddings({ provider: "openai", model: "text-embedding-3-small" })).toThrow(
      /OPENAI_API_KEY/,
    );
  });

  it("derives ids that tell servers and output sizes apart, and known dimensions", () => {
    const small = { provider: "openai", model: "text-embedding-3-small" } as const;
    expect(openAIEmbedderId(small)).toBe("openai/text-embedding-3-small");
    expect(openAIEmbedderId({ ...small, dimensions: 256 })).toBe("openai/text-embedding-3-small:256d");
    expect(openAIEmbedderId({ ...small, baseUrl: "http://localhost:11434/v1" })).toBe(
      "openai@localhost:11434/text-embedding-3-small",
    );
    expect(openAIDimension(small)).toBe(1536);
    expect(openAIDimension({ ...small, dimensions: 256 })).toBe(256);
    expect(openAIDimension({ provider: "openai", model: "nomic-embed-text", baseUrl: "http://x/v1" })).toBeUndefined();
  });
});

describe("an OpenAI-compatible server without an embeddings endpoint", () => {
  it("is a 502 naming the endpoint, not a 500", async () => {
    const { startOpenAITestServer } = await import("@/lib/testing/openai-test-server");
    const chatOnly = await startOpenAITestServer();
    try {
      const error = await createOpenAIEmbeddings({ provider: "openai", model: "m", baseUrl: chatOnly.baseUrl }).embedQuery("hi").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LabError);
      expect(error).toMatchObject({ code: "bad_gateway", status: 502 });
      expect((error as LabError).message).toContain(`${chatOnly.baseUrl}/embeddings does not exist on this server (HTTP 404)`);
    } finally {
      await chatOnly.close();
    }
  });
});

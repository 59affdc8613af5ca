import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startOpenAITestServer } from "@/lib/testing/openai-test-server";

// A configured chat model, so its probe is part of the answer; env() is read at the first request.
const model = await startOpenAITestServer();
Object.assign(process.env, {
  RAGCAMP_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-ready-route-")),
  RAGCAMP_AUTH: "cohort",
  OPENAI_BASE_URL: model.baseUrl,
  RAGCAMP_CHAT_MODEL: "test-model",
});
const { GET } = await import("./route");
const { readiness } = await import("@/lib/server/contract");
const { closeServices } = await import("@/lib/services");

afterAll(() => closeServices());

// A prober with no session, from a page on another site.
const probe = () => GET(new Request("http://localhost:3000/api/ready", { headers: { host: "localhost:3000", origin: "https://elsewhere.example" } }), { params: Promise.resolve({}) });

describe("GET /api/ready", () => {
  it("answers 200 without a session when every configured service is ok, naming only those services", { timeout: 60_000 }, async () => {
    // The embedded graph engine may take longer than one probe to start, as a prober retrying would see.
    await expect.poll(async () => (await probe()).status, { timeout: 50_000, interval: 500 }).toBe(200);
    const res = await probe();
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(readiness.parse(await res.json())).toEqual({ ok: true, services: { appDb: "ok", vectors: "ok", graph: "ok", chatModel: "ok" } });
  });

  it("answers 503 with the one service down when the model server goes away, and says nothing about where it was", async () => {
    await model.close();
    const res = await probe();
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ ok: false, services: { appDb: "ok", vectors: "ok", graph: "ok", chatModel: "down" } });
    expect(text).not.toContain("127.0.0.1");
  });
});

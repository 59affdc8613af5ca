import zlib from "node:zlib";
import type { Page, Response } from "@playwright/test";

/** Monaco is loaded by its own AMD loader from public/monaco; it is measured apart from the page. */
const MONACO = /\/monaco\//;

export type ScriptWeight = { url: string; gzBytes: number };

/**
 * Opens `url` and gzips (default level) every JavaScript body the page requested until the
 * network is idle, Monaco's files excluded. Gzipping the bodies here keeps the number independent
 * of whether the server compressed them.
 */
export async function lessonScriptWeight(page: Page, url: string): Promise<{ totalKb: number; scripts: ScriptWeight[] }> {
  const pending: Promise<ScriptWeight | null>[] = [];
  const onResponse = (response: Response) => {
    const request = response.request();
    if (request.resourceType() !== "script" || MONACO.test(request.url())) return;
    const url = request.url().startsWith("blob:") ? "blob: (a worker's script)" : new URL(request.url()).pathname;
    pending.push(response.body().then((b) => ({ url, gzBytes: zlib.gzipSync(b).length }), () => null));
  };
  page.on("response", onResponse);
  await page.goto(url, { waitUntil: "networkidle" });
  page.off("response", onResponse);
  const scripts = (await Promise.all(pending)).filter((s): s is ScriptWeight => s !== null).sort((a, b) => b.gzBytes - a.gzBytes);
  return { totalKb: scripts.reduce((n, s) => n + s.gzBytes, 0) / 1024, scripts };
}

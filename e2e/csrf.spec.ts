import http from "node:http";
import type { AddressInfo } from "node:net";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

/**
 * Another web site (or another port of the lab's own host) tries to act as
 * the learner whose browser visits it: a form post, a text/plain fetch and a
 * no-cors fetch against state-changing routes. Nothing may change.
 */
function attackPage(lab: string): string {
  const scratch = JSON.stringify({ graph: "scratch", cypher: "CREATE NODE TABLE Pwned(id INT64, PRIMARY KEY(id))" });
  const ingest = JSON.stringify({ source: { dataset: "google-talks", only: ["7vKH7HWfDQo"] }, chunker: { kind: "token", size: 128, overlap: 0 } });
  // A text/plain form whose one field turns the body into valid JSON: name='{"graph":...,"x":"' value='"}'.
  const [formName, formValue] = [`${scratch.slice(0, -1)},"x":"`, `"}`];
  return `<!doctype html><meta charset="utf-8"><body>
<form id="f" method="POST" enctype="text/plain" action="${lab}/api/graph/query"><input type="hidden" name='${formName}' value='${formValue}'></form>
<script>
  const send = (path, init) => fetch("${lab}" + path, { credentials: "include", ...init }).then(() => "sent", (e) => "blocked");
  window.attacks = Promise.all([
    send("/api/graph/query", { method: "POST", headers: { "content-type": "text/plain" }, body: ${JSON.stringify(scratch)} }),
    send("/api/ingest", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: ${JSON.stringify(ingest)} }),
    // PUT and DELETE cannot be no-cors: the browser asks first (OPTIONS) and, with no CORS headers in the answer, never sends them.
    send("/api/notebooks/notebook-basics/cells/hello", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ code: "'pwned'" }) }),
    send("/api/graph/scratch", { method: "DELETE" }),
  ]);
</script>`;
}

async function startAttacker(labUrl: string) {
  const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(attackPage(labUrl)));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(r)) };
}

/** What the attacks would change, read as the victim. */
async function victimState(api: APIRequestContext, headers: Record<string, string>) {
  const notebook = await (await api.get("/api/notebooks/notebook-basics", { headers })).json();
  const jobs = await (await api.get("/api/jobs", { headers })).json();
  const scratch = (cypher: string) =>
    api.post("/api/graph/query", { headers: { ...headers, "content-type": "application/json", "sec-fetch-site": "same-origin" }, data: { graph: "scratch", cypher } });
  // The victim's table is still there, and the attacker's was never made.
  const marker = (await (await scratch("MATCH (n:Marker) RETURN count(n) AS n")).json()) as { rows: unknown[] };
  const pwned = (await scratch("MATCH (n:Pwned) RETURN count(n) AS n")).status();
  return { notebook, jobs, scratch: { marker: marker.rows, pwned } };
}

async function runAttacks(page: Page, attackerOrigin: string, labUrl: string) {
  // Every attack request the browser sent, and the status of those whose answer it shows (a CORS-blocked answer is hidden from the page and from Playwright).
  let sent = 0;
  const statuses: [string, number][] = [];
  page.on("request", (req) => {
    if (req.url().startsWith(labUrl) && req.method() !== "OPTIONS") sent++;
  });
  page.on("response", (res) => {
    const method = res.request().method();
    if (res.url().startsWith(labUrl) && method !== "OPTIONS") statuses.push([`${method} ${new URL(res.url()).pathname}`, res.status()]);
  });
  await page.goto(`${attackerOrigin}/`);
  expect(await page.evaluate(() => (window as unknown as { attacks: Promise<string[]> }).attacks)).toHaveLength(4);
  // The form last: it navigates the page to the lab's answer (an iframe would hide it behind frame-ancestors).
  await Promise.all([page.waitForURL(`${labUrl}/api/graph/query`), page.evaluate(() => (document.getElementById("f") as HTMLFormElement).submit())]);
  // The form post, the text/plain fetch and the no-cors fetch reach the server.
  await expect.poll(() => sent, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  expect(statuses.length).toBeGreaterThanOrEqual(1);
  await page.waitForTimeout(500);
  return statuses;
}

for (const mode of ["cohort", "local"] as const) {
  test.describe(`cross-site requests in ${mode} mode`, () => {
    test.use({ serverEnv: { RAGCAMP_AUTH: mode } });

    test("a form post, a text/plain fetch and no-cors fetches from another origin change nothing", async ({ browser, lab, playwright }) => {
      test.setTimeout(120_000);
      const context = await browser.newContext();
      const api = await playwright.request.newContext({ baseURL: lab.url });
      let victim: Record<string, string> = {};
      if (mode === "cohort") {
        const { cookie } = lab.addLearner("Victim");
        const [name, value] = cookie.split("=");
        await context.addCookies([{ name, value, url: lab.url }]);
        victim = { cookie };
      }
      // The victim has work worth protecting: an edited cell and a scratch graph with a table in it.
      const write = { ...victim, "content-type": "application/json", origin: lab.url };
      expect((await api.put("/api/notebooks/notebook-basics/cells/hello", { headers: write, data: { code: "'mine'" } })).ok()).toBe(true);
      expect((await api.post("/api/graph/query", { headers: write, data: { graph: "scratch", cypher: "CREATE NODE TABLE Marker(id INT64, PRIMARY KEY(id))" } })).ok()).toBe(true);
      const before = await victimState(api, victim);

      const attacker = await startAttacker(lab.url);
      try {
        for (const origin of [`http://127.0.0.1:${attacker.port}`, `http://localhost:${attacker.port}`]) {
          const page = await context.newPage();
          const statuses = await runAttacks(page, origin, lab.url);
          for (const [request, status] of statuses) {
            // Refused as cross-site (403), not JSON (415), or without a session (401: the cookie stays home on cross-site posts).
            expect([401, 403, 415], `${origin}: ${request} → ${status}`).toContain(status);
          }
          await page.close();
        }
      } finally {
        await attacker.close();
      }
      expect(await victimState(api, victim)).toEqual(before);
      expect(before.notebook.cells.hello.code).toBe("'mine'");
      expect(before.jobs.jobs).toEqual([]);
      await api.dispose();
      await context.close();
    });
  });
}

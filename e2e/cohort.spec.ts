import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { BrowserContext } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import type { LabServer } from "./support/lab-server";

type Invited = { invited: { learner: { id: string }; joinUrl: string }[] };
const invite = (lab: LabServer, ...args: string[]) => lab.cli<Invited>("invite", ...args).invited.map((i) => i.joinUrl);
const JOIN = "/api/auth/join-link";
const tokenOf = (joinUrl: string) => joinUrl.split("/join/")[1];

/** Opens the join link and presses Join, as a learner does; ends on the lesson list. */
async function joinInBrowser(context: BrowserContext, joinUrl: string) {
  const page = await context.newPage();
  await page.goto(joinUrl);
  await page.getByTestId("join-button").click();
  await expect(page.getByTestId("lesson-list")).toBeVisible();
  return page;
}

test.describe("a cohort started with RAGCAMP_AUTH=cohort", () => {
  test.use({ serverEnv: { RAGCAMP_AUTH: "cohort" } });

  test("each learner joins with the Join button and sees only their own work", async ({ browser, lab }) => {
    const [anaLink, benLink] = invite(lab, "Ana", "Ben");
    const ana = await browser.newContext({ baseURL: lab.url });
    const ben = await browser.newContext({ baseURL: lab.url });
    const stranger = await browser.newContext({ baseURL: lab.url });

    const anaPage = await ana.newPage();
    await anaPage.goto(anaLink);
    await expect(anaPage.getByRole("heading")).toContainText("Welcome, Ana");
    await anaPage.getByTestId("join-button").click();
    await expect(anaPage.getByTestId("lesson-list")).toBeVisible();
    // As the page sends it: state changes need the lab's own Origin.
    const saved = await anaPage.request.put("/api/notebooks/notebook-basics/cells/hello", { data: { code: "'only for Ana'" }, headers: { origin: lab.url } });
    expect(saved.ok()).toBe(true);

    const benPage = await joinInBrowser(ben, benLink);
    await benPage.goto("/lessons/notebook-basics");
    await expect(benPage.getByTestId("cell-hello")).toContainText("const learner");
    await expect(benPage.getByTestId("cell-hello")).not.toContainText("only for Ana");
    const benState = await (await benPage.request.get("/api/notebooks/notebook-basics")).json();
    expect(JSON.stringify(benState)).not.toContain("only for Ana");

    await anaPage.goto("/lessons/notebook-basics");
    await expect(anaPage.getByTestId("cell-hello")).toContainText("only for Ana");

    const strangerPage = await stranger.newPage();
    await strangerPage.goto("/lessons/notebook-basics");
    await expect(strangerPage.getByTestId("sign-in-needed")).toBeVisible();
    expect((await strangerPage.request.get("/api/notebooks/notebook-basics")).status()).toBe(401);
    const bogus = await strangerPage.goto("/join/not-a-real-token");
    expect(bogus?.status()).toBe(404);
    await expect(strangerPage.getByTestId("link-problem")).toContainText("Ask your instructor for a new link");
    await Promise.all([ana.close(), ben.close(), stranger.close()]);
  });

  test("a link previewer's GET neither uses the link up nor signs in; another site cannot press Join", async ({ browser, lab, playwright }) => {
    const [link] = invite(lab, "Ana");
    const previewer = await playwright.request.newContext();
    const preview = await previewer.get(link);
    expect(preview.status()).toBe(200);
    expect(preview.headers()["set-cookie"]).toBeUndefined();
    expect(await preview.text()).toContain("Welcome, Ana");
    const forged = await previewer.post(`${lab.url}${JOIN}`, { headers: { origin: "https://evil.example", "content-type": "application/json" }, data: { token: tokenOf(link) } });
    expect(forged.status()).toBe(403);
    expect(forged.headers()["set-cookie"]).toBeUndefined();
    await previewer.dispose();

    // The link still works, once.
    const ana = await browser.newContext({ baseURL: lab.url });
    await joinInBrowser(ana, link);
    const again = await browser.newContext({ baseURL: lab.url });
    const page = await again.newPage();
    const used = await page.goto(link);
    expect(used?.status()).toBe(410);
    await expect(page.getByTestId("link-problem")).toContainText("already used");
    await expect(page.getByTestId("link-problem")).toContainText("ask your instructor for a new link");
    expect((await page.request.post(JOIN, { headers: { origin: lab.url }, data: { token: tokenOf(link) } })).status()).toBe(410);
    await Promise.all([ana.close(), again.close()]);
  });

  test("sign-out ends the session; the instructor's revocation ends all of a learner's", async ({ browser, lab }) => {
    const [anaLink] = invite(lab, "Ana");
    const [benLink1] = invite(lab, "Ben");
    const ana = await browser.newContext({ baseURL: lab.url });
    const anaPage = await joinInBrowser(ana, anaLink);
    const anaCookies = await ana.cookies();
    await anaPage.getByTestId("sign-out").click();
    await expect(anaPage.getByTestId("sign-in-needed")).toBeVisible();
    // The old cookie, replayed, is no session any more.
    const replay = await browser.newContext({ baseURL: lab.url });
    await replay.addCookies(anaCookies);
    expect((await replay.request.get("/api/notebooks/notebook-basics")).status()).toBe(401);

    // Ben on two browsers; one revocation ends both.
    const benA = await browser.newContext({ baseURL: lab.url });
    const benB = await browser.newContext({ baseURL: lab.url });
    await joinInBrowser(benA, benLink1);
    // A second link (it ends the first) for his second browser; the first browser stays signed in.
    const [benLink2] = invite(lab, "Ben");
    await joinInBrowser(benB, benLink2);
    expect(lab.cli("learner", "revoke", "ben")).toMatchObject({ ok: true, learner: "ben", revoked: 2 });
    for (const ctx of [benA, benB]) expect((await ctx.request.get("/api/notebooks/notebook-basics")).status()).toBe(401);
    // The route does the same, for the instructor only.
    const [benLink3] = invite(lab, "Ben");
    await joinInBrowser(benA, benLink3);
    expect((await benA.request.post("/api/learners/ben/revoke", { headers: { origin: lab.url }, data: {} })).status()).toBe(403);
    const revoked = await benA.request.post("/api/learners/ben/revoke", { headers: { "x-ragcamp-admin": lab.adminToken(), "content-type": "application/json" }, data: {} });
    expect(await revoked.json()).toMatchObject({ ok: true, revoked: 1 });
    expect((await benA.request.get("/api/notebooks/notebook-basics")).status()).toBe(401);
    await Promise.all([ana.close(), replay.close(), benA.close(), benB.close()]);
  });

  test("the 11th rapid wrong join attempt is refused with 429, counted in the database", async ({ lab, playwright }) => {
    const api = await playwright.request.newContext({ baseURL: lab.url });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await api.post(JOIN, { headers: { origin: lab.url }, data: { token: `wrong-${i}` } })).status());
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const db = new DatabaseSync(path.join(lab.dataDir, "app.sqlite"), { readOnly: true });
    const rows = db.prepare(`select "key", "count" from auth_rate_limit`).all();
    db.close();
    expect(rows).toEqual([expect.objectContaining({ key: expect.stringContaining("/join-link") })]);
    await api.dispose();
  });

  test("join pages fit a phone and a laptop", async ({ browser, lab }) => {
    const [fresh, used] = invite(lab, "Ana Lima", "Ben");
    const joiner = await browser.newContext({ baseURL: lab.url });
    await joinInBrowser(joiner, used);
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      for (const [name, url] of [["join", fresh], ["used-link", used]] as const) {
        await page.goto(url);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} at ${width}px`).toBe(true);
        await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`) });
      }
      await page.close();
    }
    await joiner.close();
  });
});

test.describe("cohort mode from the database", () => {
  test("ragcamp cohort create turns sign-in on for a running lab and prints the instructor's one-time link", async ({ browser, lab }) => {
    // Started without RAGCAMP_AUTH: local mode, no sign-in.
    const before = await browser.newContext({ baseURL: lab.url });
    expect((await before.request.get("/api/notebooks/notebook-basics")).status()).toBe(200);
    const created = lab.cli<{ ok: boolean; cohort: string; signInUrl: string }>("cohort", "create", "Spring 2026");
    expect(created).toMatchObject({ ok: true, cohort: "Spring 2026" });
    expect((await before.request.get("/api/notebooks/notebook-basics")).status()).toBe(401);

    const instructor = await browser.newContext({ baseURL: lab.url });
    const page = await instructor.newPage();
    await page.goto(created.signInUrl);
    await expect(page.getByTestId("lesson-list")).toBeVisible();
    expect((await page.request.post("/api/learners/nobody/revoke", { headers: { origin: lab.url }, data: {} })).status()).toBe(404);
    // Once only.
    const other = await browser.newContext({ baseURL: lab.url });
    const otherPage = await other.newPage();
    await otherPage.goto(created.signInUrl);
    await expect(otherPage.getByTestId("sign-in-needed")).toBeVisible();
    await Promise.all([before.close(), instructor.close(), other.close()]);
  });
});

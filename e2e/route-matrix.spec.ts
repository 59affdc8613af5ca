import { PUBLIC_ROUTES } from "../lib/server/public-routes";
import { appRoutes, type RouteMethod } from "./support/routes";
import { expect, test } from "./support/fixtures";

// A chat model is configured so that model routes get past "no model configured" to their own checks.
test.use({ serverEnv: { RAGCAMP_AUTH: "cohort" }, chatModel: {} });

const DENIED = [401, 403];

test("every route and method answers as its declared access level says", async ({ lab, playwright }) => {
  test.setTimeout(180_000);
  const routes = appRoutes();
  // The walk found the routes this test is about, and the public ones are exactly the listed ones.
  expect(routes.length).toBeGreaterThan(40);
  expect([...new Set(routes.filter((r) => r.level === "public").map((r) => r.pattern))].sort()).toEqual(Object.keys(PUBLIC_ROUTES).sort());

  const learner = lab.addLearner("Matrix Learner");
  // Reusable, so every caller's visit finds it good (a single-use one would be used up by the first POST).
  const joinToken = lab.cli<{ invited: { joinUrl: string }[] }>("invite", "Joiner", "--reusable").invited[0].joinUrl.split("/join/")[1];
  const api = await playwright.request.newContext({ baseURL: lab.url, maxRedirects: 0 });
  // A fresh context per request: none may inherit a cookie an earlier answer set (the join link sets one).
  const send = async (r: RouteMethod, headers: Record<string, string>) => {
    const context = await playwright.request.newContext({ baseURL: lab.url, maxRedirects: 0 });
    const res = await context.fetch(r.url.replace("not-a-token", joinToken), {
      method: r.method,
      headers: r.method === "GET" ? headers : { "content-type": "application/json", ...headers },
      data: r.method === "GET" ? undefined : "{}",
    });
    const status = res.status();
    await context.dispose();
    return status;
  };

  const problems: string[] = [];
  for (const r of routes) {
    // A browser without a session on the lab's own page: no session is what is tested (a public POST still needs the Origin).
    const stranger = await send(r, { origin: lab.url });
    const asLearner = await send(r, { cookie: learner.cookie, origin: lab.url });
    const asInstructor = await send(r, { "x-ragcamp-admin": lab.adminToken() });
    const name = `${r.method} ${r.pattern} (${r.level})`;
    const allowed = (status: number) => !DENIED.includes(status) && status < 500;
    if (r.level === "public" ? !allowed(stranger) : stranger !== 401) problems.push(`${name}: no session → ${stranger}`);
    if (r.level === "instructor" ? asLearner !== 403 : !allowed(asLearner)) problems.push(`${name}: learner → ${asLearner}`);
    if (!allowed(asInstructor)) problems.push(`${name}: instructor → ${asInstructor}`);
  }
  expect(problems).toEqual([]);

  // Re-importing the shared graph is the instructor's; learners see its state.
  const load = (headers: Record<string, string>) => api.post("/api/graph/load", { headers: { "content-type": "application/json", ...headers }, data: { dataset: "devops" } });
  expect((await load({ cookie: learner.cookie, origin: lab.url })).status()).toBe(403);
  expect((await load({ "x-ragcamp-admin": lab.adminToken() })).status()).toBe(200);
  const state = await api.get("/api/graph/load?dataset=devops", { headers: { cookie: learner.cookie } });
  expect(await state.json()).toMatchObject({ nodes: 33, relationships: 52, imported: false });
  await api.dispose();
});

test("a page opened without a session answers 401 and says how to sign in", async ({ page, lab }) => {
  for (const url of ["/", "/lessons/notebook-basics", "/lessons/no-such-lesson"]) {
    const res = await page.goto(`${lab.url}${url}`);
    expect(res?.status(), url).toBe(401);
    await expect(page.getByTestId("sign-in-needed")).toBeVisible();
  }
});

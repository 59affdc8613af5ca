import { execFileSync } from "node:child_process";
import { expect, test } from "./support/fixtures";

test.use({ serverEnv: { RAGCAMP_AUTH: "cohort" } });

test("in a cohort, each learner signs in with a join link and sees only their own work", async ({ browser, lab }) => {
  const join = (name: string) => {
    const out = execFileSync(process.execPath, ["bin/ragcamp.mjs", "learner", "add", name, "--json"], {
      env: { ...process.env, RAGCAMP_DATA_DIR: lab.dataDir, RAGCAMP_PUBLIC_URL: lab.url, RAGCAMP_AUTH: "cohort" },
    });
    return (JSON.parse(out.toString()) as { joinUrl: string }).joinUrl;
  };
  const ana = await browser.newContext({ baseURL: lab.url });
  const ben = await browser.newContext({ baseURL: lab.url });
  const stranger = await browser.newContext({ baseURL: lab.url });

  const anaPage = await ana.newPage();
  await anaPage.goto(join("Ana"));
  await expect(anaPage.getByTestId("lesson-list")).toBeVisible();
  // As the page sends it: state changes need the lab's own Origin.
  const saved = await anaPage.request.put("/api/notebooks/notebook-basics/cells/hello", { data: { code: "'only for Ana'" }, headers: { origin: lab.url } });
  expect(saved.ok()).toBe(true);

  const benPage = await ben.newPage();
  await benPage.goto(join("Ben"));
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
  expect((await strangerPage.request.get("/join/not-a-real-token")).status()).toBe(401);
  await Promise.all([ana.close(), ben.close(), stranger.close()]);
});

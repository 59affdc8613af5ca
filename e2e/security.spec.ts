import { expect, test } from "./support/fixtures";

const SECRET = "sk-e2e-secret-must-not-leak";
test.use({ serverEnv: { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: "http://127.0.0.1:9/v1", RAGCAMP_CHAT_MODEL: "test-model" } });

test("a cell cannot read files or secrets through the server", async ({ notebook, page }) => {
  await notebook.open("notebook-basics");
  await notebook.replaceCode(
    "hello",
    [
      "const paths = ['/.env', '/.env.example', '/package.json', '/../.env', '/api/notebooks/..%2F..%2F.env',",
      "  '/api/notebooks/notebook-basics/cells/..%2F..%2Fapp.sqlite', '/_next/../.env', '/lessons/notebook-basics', '/api/lessons'];",
      "const needles = [['sk', 'e2e'].join('-'), ['OPENAI', 'API', 'KEY='].join('_')]; // built at run time: the page shows this code",
      "const results = [];",
      "for (const p of paths) {",
      "  const res = await fetch(p);",
      "  const body = await res.text();",
      "  results.push({ p, status: res.status, leaks: needles.some((n) => body.includes(n)) });",
      "}",
      "lab.table(results);",
      "JSON.stringify(results)",
    ].join("\n"),
  );
  await notebook.run("hello");
  await expect(notebook.status("hello")).toHaveText("done", { timeout: 30_000 });
  const raw = await notebook.outputs("hello").getByTestId("output-text").last().innerText();
  const results = JSON.parse(raw) as { p: string; status: number; leaks: boolean }[];
  for (const r of results) {
    expect(r.leaks, `${r.p} leaked the secret`).toBe(false);
    if (!["/lessons/notebook-basics", "/api/lessons"].includes(r.p)) expect(r.status, r.p).toBeGreaterThanOrEqual(400);
  }
  // The page itself never carries the key either.
  expect(await page.content()).not.toContain(SECRET);
});

test("a cell cannot talk to other origins", async ({ notebook }) => {
  await notebook.open("notebook-basics");
  await notebook.replaceCode("hello", "await fetch('http://127.0.0.1:9/steal').then(() => 'sent', (e) => 'blocked: ' + e.message)");
  await notebook.run("hello");
  await expect(notebook.outputs("hello")).toContainText("blocked");
});

test("HTML in an output is shown as text and never executed", async ({ notebook, page }) => {
  await notebook.open("notebook-basics");
  const payload = `<img src=x onerror="globalThis.__pwned=1"><script>globalThis.__pwned=2</script><b>bold?</b>`;
  await notebook.replaceCode("hello", `lab.display({ html: ${JSON.stringify(payload)} });\nlab.table([{ cell: ${JSON.stringify(payload)} }]);\n${JSON.stringify(payload)}`);
  await notebook.run("hello");
  await expect(notebook.status("hello")).toHaveText("done");
  await expect(notebook.outputs("hello").getByTestId("output-text")).toContainText("<img src=x");
  await expect(notebook.outputs("hello").locator("img, script, b")).toHaveCount(0);
  expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("an oversized output is truncated with a note", async ({ notebook }) => {
  await notebook.open("notebook-basics");
  await notebook.replaceCode("hello", "'x'.repeat(50_000_000)");
  await notebook.run("hello");
  await expect(notebook.status("hello")).toHaveText("done", { timeout: 30_000 });
  await expect(notebook.outputs("hello")).toContainText("Output truncated: 50,000,000 characters");
});

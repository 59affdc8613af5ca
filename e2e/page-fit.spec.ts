import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { lessonScriptWeight } from "./support/page-weight";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const SHOTS = path.join("test-results", "screenshots");

/** The lesson's text column: the width a paragraph of prose gets. */
async function textWidth(page: Page): Promise<number> {
  return (await page.locator(".prose").first().boundingBox())!.width;
}

/** Nothing wider than the window: the page never scrolls sideways. */
async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

async function shoot(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width;
  // From the top, so sticky bars are drawn where they sit rather than over later content.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
}

test("at 390 px no page scrolls sideways, the lesson text is at least 340 px wide and the lesson list folds away", async ({ page, notebook }) => {
  await page.setViewportSize(PHONE);
  await page.goto("/");
  await expect(page.getByTestId("lesson-list")).toBeVisible();
  expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  await shoot(page, "home");

  // A lesson with a table, a chart and an error in its outputs.
  await notebook.open("notebook-basics");
  const nav = page.getByTestId("lesson-nav");
  const toggle = nav.getByRole("button", { name: /Lessons/ });
  await expect(nav.getByRole("link", { name: /Similarity by hand/ })).toBeHidden();
  expect(await textWidth(page)).toBeGreaterThanOrEqual(340);
  for (const id of ["hello", "table", "errors"]) {
    await notebook.run(id);
    // The errors cell fails as its lesson marks it (expect=error), which counts as done.
    await expect(notebook.status(id)).toHaveText("done");
  }
  await expect(notebook.outputs("table").getByTestId("output-chart")).toBeVisible();
  await notebook.editor("hello");
  expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  await shoot(page, "notebook-basics");

  // The folded list opens on demand, and following a link folds it again on the next lesson.
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await nav.getByRole("link", { name: /Questions a graph answers better/ }).click();
  await expect(page).toHaveURL(/\/lessons\/knowledge-graph-qa$/);
  await expect(nav.getByRole("link", { name: /Similarity by hand/ })).toBeHidden();

  // A lesson with wide Cypher tables and a drawn graph.
  for (const id of ["busiest-team", "indirect", "payment"]) {
    await notebook.run(id);
    await expect(notebook.status(id)).toHaveText("done");
  }
  await expect(notebook.outputs("payment").locator(".graph-view svg")).toBeVisible();
  expect(await textWidth(page)).toBeGreaterThanOrEqual(340);
  expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  await shoot(page, "knowledge-graph-qa");

  await page.goto("/no-such-page");
  expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
});

test("at 1280 px the lesson list stays open beside the text", async ({ page, notebook }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto("/");
  await shoot(page, "home");
  for (const slug of ["notebook-basics", "knowledge-graph-qa"]) {
    await notebook.open(slug);
    await expect(page.getByTestId("lesson-nav").getByRole("button", { name: /Lessons/ })).toBeHidden();
    await expect(page.getByTestId("lesson-nav").getByRole("link", { name: /Similarity by hand/ })).toBeVisible();
    expect(await pageWidth(page)).toBeLessThanOrEqual(DESKTOP.width);
    await shoot(page, slug);
  }
});

test("a lesson page without charts loads at most 250 KB of gzipped JavaScript besides Monaco; a chart loads when one is shown", async ({ page, notebook, lab }) => {
  const { totalKb, scripts } = await lessonScriptWeight(page, `${lab.url}/lessons/notebook-basics`);
  test.info().annotations.push({ type: "lesson_js_gz_kb", description: totalKb.toFixed(1) });
  expect(totalKb, scripts.map((s) => `${(s.gzBytes / 1024).toFixed(1)} KB ${s.url}`).join("\n")).toBeLessThanOrEqual(250);

  // The chart's code arrives on first use, and the chart draws.
  const later: string[] = [];
  page.on("request", (r) => r.url().includes("/_next/static/chunks/") && later.push(r.url()));
  await notebook.run("table");
  await expect(notebook.outputs("table").getByTestId("output-chart").locator("svg").first()).toBeVisible();
  expect(later.length).toBeGreaterThan(0);
});

test("every lesson links to the previous and next one; an unknown address is a 404 with a way home", async ({ page }) => {
  await page.goto("/lessons/notebook-basics");
  const pager = page.getByTestId("lesson-pager");
  await expect(pager.getByRole("link", { name: /All lessons/ })).toHaveAttribute("href", "/");
  await pager.getByRole("link", { name: /Next/ }).click();
  await expect(page).toHaveURL(/\/lessons\/how-llms-work$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("How language models work and fail");
  await pager.getByRole("link", { name: /Previous/ }).click();
  await expect(page).toHaveURL(/\/lessons\/notebook-basics$/);

  // The last lesson's "next" goes back to the list.
  const lessons = await page.getByTestId("lesson-nav").locator("ol > li a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  await page.goto(lessons.at(-1)!);
  await expect(pager.getByRole("link", { name: /Previous/ })).toHaveAttribute("href", lessons.at(-2)!);
  await expect(pager.getByRole("link", { name: /All lessons/ })).toHaveAttribute("href", "/");

  for (const address of ["/lessons/no-such-lesson", "/no-such-page"]) {
    const response = await page.goto(address);
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toBeVisible();
    await page.getByRole("link", { name: "Back to all lessons" }).click();
    await expect(page.getByTestId("lesson-list")).toBeVisible();
  }
});

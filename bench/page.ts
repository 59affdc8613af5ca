/**
 * `npm run bench page`: what a learner's browser downloads to open a lesson, against a
 * production build (`npm run build` first), as the e2e budget test measures it.
 *
 *   lesson_js_gz_kb  gzip size of every script requested until network idle on a lesson
 *                    page with no chart output, Monaco's files excluded (budget ≤ 250)
 */
import fs from "node:fs";
import { chromium } from "@playwright/test";
import { LabServer } from "../e2e/support/lab-server";
import { lessonScriptWeight } from "../e2e/support/page-weight";
import { bench, log, round } from "./report";

export async function pageBench(): Promise<void> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first.");
  const lab = new LabServer();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    await lab.start();
    const page = await browser.newPage();
    // A fresh lab has no saved outputs, so the lesson opens without a chart.
    const { totalKb, scripts } = await lessonScriptWeight(page, `${lab.url}/lessons/notebook-basics`);
    for (const s of scripts) log(`${round(s.gzBytes / 1024)} KB ${s.url}`);
    bench("lesson_js_gz_kb", totalKb, "KB");
  } finally {
    await browser.close();
    await lab.dispose();
  }
}

import { expect, test } from "./support/fixtures";

// The two lessons with the longest jobs, on a fresh data dir (every test gets its own) with the default limits.
for (const { slug, cells } of [
  { slug: "captions-to-vectors", cells: ["datasets", "corpus", "chunk", "overlap", "ingest", "search", "modes", "live"] },
  { slug: "retrieval-experiments", cells: ["grid", "split", "fitted", "fusion", "custom", "drill", "compare"] },
]) {
  test(`Run all of ${slug} on a fresh install ends with every cell done, its results shown and kept after a reload`, async ({ notebook, page }) => {
    test.setTimeout(20 * 60_000);
    await notebook.open(slug);
    const started = Date.now();
    await page.getByTestId("run-all").click();
    for (const id of cells) await expect(notebook.status(id), id).toHaveText("done", { timeout: 10 * 60_000 });
    console.log(`BENCH run_all_${slug.replaceAll("-", "_")}_s ${((Date.now() - started) / 1000).toFixed(1)}`);
    await expect(page.getByTestId("halt-banner")).toBeHidden();
    await expect(page.getByTestId("cell-outputs").getByText("Output limit")).toHaveCount(0);
    for (const bar of await page.getByTestId("output-progress").all()) await expect(bar).toHaveAttribute("data-status", "done");
    if (slug === "retrieval-experiments") {
      await expect(notebook.outputs("compare")).not.toContainText("0 shared grid points");
      await expect(notebook.outputs("compare").getByTestId("output-table")).toBeVisible();
    }
    await page.waitForTimeout(1_500);
    await page.reload();
    for (const id of cells) await expect(notebook.status(id), id).toHaveText("done");
    for (const bar of await page.getByTestId("output-progress").all()) await expect(bar).toHaveAttribute("data-status", "done");
  });
}

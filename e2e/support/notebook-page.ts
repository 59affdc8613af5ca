import { expect, type Locator, type Page } from "@playwright/test";

/** Page object for a lesson notebook. */
export class NotebookPage {
  constructor(readonly page: Page) {}

  async open(slug: string): Promise<void> {
    await this.page.goto(`/lessons/${slug}`);
    await expect(this.page.getByTestId("notebook")).toBeVisible();
  }

  cell(id: string): Locator {
    return this.page.getByTestId(`cell-${id}`);
  }

  status(id: string): Locator {
    return this.cell(id).getByTestId("cell-status");
  }

  outputs(id: string): Locator {
    return this.cell(id).getByTestId("cell-outputs");
  }

  /** Waits for Monaco to replace the fallback in a cell. */
  async editor(id: string): Promise<Locator> {
    const editor = this.cell(id).locator(".monaco-editor");
    await expect(editor).toBeVisible({ timeout: 30_000 });
    return editor;
  }

  /** Replaces a cell's code by typing into Monaco, as a learner would. */
  async replaceCode(id: string, code: string): Promise<void> {
    const editor = await this.editor(id);
    await editor.locator(".view-lines").click();
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.press("Delete");
    await this.page.keyboard.insertText(code);
  }

  async run(id: string): Promise<void> {
    await this.cell(id).getByTestId("cell-run").click();
  }

  /** The learner's own cells, in the notebook's order. */
  ownCells(): Locator {
    return this.page.locator('[data-own="true"]');
  }

  /** Adds a TypeScript cell of one's own below cell `below` with "+ Cell"; returns the new cell's id. */
  async addCellBelow(below: string): Promise<string> {
    const before = await this.ownIds();
    await this.page.getByTestId(`insert-below-${below}`).getByTestId("add-cell").click();
    let added = "";
    await expect(async () => {
      added = (await this.ownIds()).find((id) => !before.includes(id)) ?? "";
      expect(added).not.toBe("");
    }).toPass();
    return added;
  }

  /** Every cell's id, in the notebook's order. */
  async cellIds(): Promise<string[]> {
    const ids = await this.page.locator('[data-testid="notebook"] section.cell').evaluateAll((els) => els.map((e) => e.getAttribute("data-testid") ?? ""));
    return ids.map((id) => id.replace(/^cell-/, ""));
  }

  async ownIds(): Promise<string[]> {
    const ids = await this.ownCells().evaluateAll((els) => els.map((e) => e.getAttribute("data-testid") ?? ""));
    return ids.map((id) => id.replace(/^cell-/, ""));
  }

  async moveOwn(id: string, dir: "up" | "down"): Promise<void> {
    await this.cell(id).getByTestId(`cell-${dir}`).click();
  }

  /** Deletes an own cell, confirming when asked. */
  async deleteOwn(id: string): Promise<void> {
    await this.cell(id).getByTestId("cell-delete").click();
    await this.cell(id).getByTestId("cell-delete-yes").click();
    await expect(this.cell(id)).toHaveCount(0);
  }

  async waitSaved(): Promise<void> {
    await expect(this.page.getByTestId("save-state")).toHaveText("All changes saved");
  }
}

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

  async waitSaved(): Promise<void> {
    await expect(this.page.getByTestId("save-state")).toHaveText("All changes saved");
  }
}

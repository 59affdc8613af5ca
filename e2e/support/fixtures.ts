import { test as base } from "@playwright/test";
import { LabServer } from "./lab-server";
import { NotebookPage } from "./notebook-page";

type Fixtures = {
  serverEnv: Record<string, string>;
  lab: LabServer;
  notebook: NotebookPage;
};

export const test = base.extend<Fixtures>({
  serverEnv: [{}, { option: true }],
  lab: async ({ serverEnv }, use) => {
    const server = new LabServer(serverEnv);
    await server.start();
    await use(server);
    await server.dispose();
  },
  baseURL: async ({ lab }, use) => use(lab.url),
  notebook: async ({ page }, use) => use(new NotebookPage(page)),
});

export { expect } from "@playwright/test";

import fs from "node:fs";

/** Fails early with the fix when the browser or the build is missing. */
export default function globalSetup(): void {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(chromium)) {
    throw new Error(`Chromium not found at ${chromium}. Run \`npm run test:deps\` (as root it installs Debian's build) or set CHROMIUM_PATH.`);
  }
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first (npm test does).");
}

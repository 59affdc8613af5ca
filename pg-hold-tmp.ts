import fs from "node:fs";
import { freshDatabase, startPostgres } from "./lib/testing/postgres";
const pg = await startPostgres();
const urls = [];
for (const n of ["a", "b", "c", "d"]) urls.push(await freshDatabase(pg.url, `look_${n}`));
fs.writeFileSync("/tmp/pg-urls.txt", urls.join("\n"));
console.log("ready");
process.on("SIGTERM", async () => { await pg.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);

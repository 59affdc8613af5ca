import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { listDatasets, loadDataset, type DatasetName } from "./datasets";
import { fixture } from "./fixtures/helpers";
import { labRejection } from "@/lib/testing/lab-error";
import type { CaptionDocument } from "./types";

const ROOT = path.join(process.cwd(), "datasets");

function cueCount(docs: CaptionDocument[]): number {
  return docs.reduce((n, d) => n + d.cues.length, 0);
}

/** A datasets root in a temporary folder, holding one Google-talks-shaped dataset. */
function tempRoot(index: string, files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "ragcamp-captions-"));
  const dir = path.join(root, "captions-google-talks");
  mkdirSync(path.join(dir, "en"), { recursive: true });
  writeFileSync(path.join(dir, "index.csv"), index);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return root;
}

describe("listDatasets", () => {
  it("lists both datasets with licence, credit and document count", async () => {
    const list = await listDatasets();
    expect(list.map((d) => [d.name, d.licence, d.documents])).toEqual([
      ["google-talks", "CC BY 3.0", 13],
      ["practical-ai", "CC BY-SA 4.0", 12],
    ]);
    expect(list[0].credit).toBe(
      "Captions from the google-video-captions project (Google), CC BY 3.0, via github.com/GCNP/google-video-captions",
    );
    expect(list[1].credit).toMatch(/Practical AI.*Changelog Media LLC, CC BY-SA 4\.0/);
  });
});

describe("loadDataset: google-talks", () => {
  const index = parse(readFileSync(path.join(ROOT, "captions-google-talks", "index.csv")), {
    columns: true,
    bom: true,
  }) as Record<string, string>[];

  it("loads the 13 recommended talks with the cue counts and titles the index records", async () => {
    const docs = await loadDataset("google-talks");
    expect(docs).toHaveLength(13);
    expect(cueCount(docs)).toBe(17_590);
    for (const row of index) {
      const doc = docs.find((d) => d.videoId === row.video_id);
      expect(doc?.cues.length, row.video_id).toBe(Number(row.cues));
      expect(doc?.title).toBe(row.title);
    }
    // Titles with commas and quotes survive CSV parsing.
    expect(docs.find((d) => d.videoId === "OUemfrKe65c")?.title).toBe(
      "Google I/O 2009 - Coding for Life -- Battery Life, That Is",
    );
  });

  it("describes each talk as an exactly timed, CC BY 3.0 YouTube video", async () => {
    for (const doc of await loadDataset("google-talks")) {
      expect(doc.id).toBe(`google-talks:${doc.videoId}`);
      expect(doc.url).toBe(`https://www.youtube.com/watch?v=${doc.videoId}`);
      expect(doc.channel).toBe("Google");
      expect(doc.timing).toBe("exact");
      expect(doc.attribution.licence).toBe("CC BY 3.0");
      expect(doc.attribution.licenceUrl).toBe("https://creativecommons.org/licenses/by/3.0/");
      for (const cue of doc.cues) {
        expect(cue.endS).toBeGreaterThanOrEqual(cue.startS);
        expect(cue.text).not.toMatch(/<\/?[a-z]+>|^\s|\s$/);
      }
    }
  });

  it("removes the tape-timecode hour from The Neuroscience of Emotions and from no other talk", async () => {
    const docs = await loadDataset("google-talks");
    const emotions = docs.find((d) => d.videoId === "tShDYA3NFVs");
    expect(emotions?.cues[0]).toEqual({ startS: 2.801, endS: 5.234, text: "Ming: Hello. Uh, good afternoon, my friends." });
    expect(emotions?.cues.at(-1)?.endS).toBe(3729.634);
    for (const doc of docs) {
      const row = index.find((r) => r.video_id === doc.videoId);
      const expectedFirst = Number(row?.first_cue_s) >= 3600 ? Number(row?.first_cue_s) - 3600 : Number(row?.first_cue_s);
      // index.csv rounds the first cue time to whole seconds.
      expect(Math.abs(doc.cues[0].startS - expectedFirst), doc.videoId).toBeLessThan(1);
    }
  });

  it("lasts about 12 hours in all", async () => {
    const docs = await loadDataset("google-talks");
    const seconds = docs.reduce((s, d) => s + (d.cues.at(-1)?.endS ?? 0), 0);
    expect(Math.round(seconds / 60)).toBe(720);
  });
});

describe("loadDataset: practical-ai", () => {
  it("loads 12 episodes with approximate, never decreasing cue times", async () => {
    const docs = await loadDataset("practical-ai");
    expect(docs).toHaveLength(12);
    expect(cueCount(docs)).toBe(1338);
    for (const doc of docs) {
      expect(doc.timing).toBe("approximate");
      expect(doc.videoId).toBeUndefined();
      expect(doc.id).toMatch(/^practical-ai:\d+$/);
      expect(doc.url).toBe(`https://changelog.com/practicalai/${doc.id.split(":")[1]}`);
      expect(doc.attribution.licence).toBe("CC BY-SA 4.0");
      expect(doc.attribution.credit).toContain(doc.url);
      expect(doc.cues[0].startS).toBe(0);
      doc.cues.forEach((cue, i) => {
        expect(cue.endS).toBeGreaterThanOrEqual(cue.startS);
        if (i > 0) expect(cue.startS, `${doc.id} cue ${i}`).toBeGreaterThanOrEqual(doc.cues[i - 1].endS);
        // Markdown escapes, bold speaker labels and entities are gone ("bulls**t" is the transcript's own).
        expect(cue.text).not.toMatch(/\\|^\*\*|\*\*:|&#39;|&quot;/);
      });
    }
  });

  it("places a paragraph with an inline timestamp exactly at that time", async () => {
    const docs = await loadDataset("practical-ai");
    const ep288 = docs.find((d) => d.id === "practical-ai:288");
    const cue = ep288?.cues.find((c) => c.text.startsWith("Prashanth Rao: Absolutely. So let's understand"));
    expect(cue?.startS).toBe(24 * 60 + 25);
    // Episode 76 marks a break with an editor's timecode, [00:16:16:05].
    const ep76 = docs.find((d) => d.id === "practical-ai:76");
    const afterBreak = ep76?.cues.find((c) => c.text.startsWith("Daniel Whitenack: So, Doug, it was really great"));
    expect(afterBreak?.startS).toBe(16 * 60 + 16);
  });

  it("runs past each episode's last timestamp", async () => {
    const index = parse(readFileSync(path.join(ROOT, "captions-practical-ai", "index.csv")), {
      columns: true,
    }) as Record<string, string>[];
    const docs = await loadDataset("practical-ai");
    for (const row of index) {
      const [m, s] = row.last_timestamp.split(":").map(Number);
      const end = docs.find((d) => d.id === `practical-ai:${row.episode}`)?.cues.at(-1)?.endS ?? 0;
      expect(end, row.episode).toBeGreaterThan(m * 60 + s);
      expect(end, row.episode).toBeLessThan(m * 60 + s + 600);
    }
  });
});

describe("loadDataset: names, roots and caching", () => {
  it("rejects an unknown name, listing the valid ones", async () => {
    const e = await labRejection(loadDataset("youtube" as DatasetName));
    expect(e.code).toBe("not_found");
    expect(e.message).toBe('unknown dataset "youtube"; valid names: google-talks, practical-ai');
  });

  it("serves the same frozen documents from its cache, in a fresh array each time", async () => {
    const a = await loadDataset("google-talks");
    const b = await loadDataset("google-talks", { root: ROOT });
    expect(a).not.toBe(b);
    expect(a[0]).toBe(b[0]);
    expect(Object.isFrozen(a[0])).toBe(true);
    expect(Object.isFrozen(a[0].cues[0])).toBe(true);
    expect(() => a[0].cues.push({ startS: 0, endS: 0, text: "x" })).toThrow(TypeError);
  });

  it("loads from another root, fixing an hour offset in any file", async () => {
    const root = tempRoot(
      "video_id,title,saved_as\r\nLab0video01,\"Offset, \"\"quoted\"\" talk\",en/Lab0video01.srt\r\n",
      { "en/Lab0video01.srt": fixture("hour-offset.srt") },
    );
    const [doc] = await loadDataset("google-talks", { root });
    expect(doc.title).toBe('Offset, "quoted" talk');
    expect(doc.cues.map((c) => c.startS)).toEqual([2.801, 5.234]);
  });

  it("names the missing folder when a root has no datasets, and does not cache the failure", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "ragcamp-empty-"));
    const e = await labRejection(loadDataset("practical-ai", { root }));
    expect(e.code).toBe("not_found");
    expect(e.message).toBe(`caption dataset file not found: ${path.join(root, "captions-practical-ai", "index.csv")}`);

    mkdirSync(path.join(root, "captions-practical-ai", "practicalai"), { recursive: true });
    writeFileSync(path.join(root, "captions-practical-ai", "index.csv"), "episode,file\n1,practicalai/1.md\n");
    writeFileSync(path.join(root, "captions-practical-ai", "practicalai", "1.md"), fixture("podcast.md"));
    expect(await loadDataset("practical-ai", { root })).toHaveLength(1);
  });

  it("names the file and row of a bad index row and of a malformed caption file", async () => {
    const badRow = tempRoot("video_id,title,saved_as\nnot-an-id,T,en/x.srt\n", {});
    const e = await labRejection(loadDataset("google-talks", { root: badRow }));
    expect(e.code).toBe("bad_input");
    expect(e.message).toMatch(/captions-google-talks\/index\.csv: row 2: .*video_id/s);

    const badSrt = tempRoot("video_id,title,saved_as\nLab0video01,T,en/Lab0video01.srt\n", {
      "en/Lab0video01.srt": fixture("malformed-timing.srt"),
    });
    const e2 = await labRejection(loadDataset("google-talks", { root: badSrt }));
    expect(e2.message).toMatch(/^captions-google-talks\/en\/Lab0video01\.srt: line 6: expected a timing line/);
  });
});

/**
 * The caption datasets shipped in `datasets/`, loaded as CaptionDocuments.
 * Parsed documents are cached per root and frozen: they never change.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { env, type CourseSubset } from "@/lib/config/env";
import { isLabError, LabError } from "@/lib/errors";
import { VIDEO_ID, watchUrl } from "./inputs";
import { parsePodcastTranscript } from "./podcast-transcript";
import { parseSrt } from "./srt";
import { decodeCaptionBytes } from "./text-check";
import { shiftCues, tapeHourOffsetS } from "./time-offset";
import type { Attribution, CaptionDocument } from "./types";
import { DATASET_NAMES, type DatasetInfo, type DatasetName } from "./contract";

export { DATASET_NAMES, type DatasetInfo, type DatasetName };

export interface DatasetOptions {
  /** Folder holding the dataset folders; defaults to `<cwd>/datasets`. */
  root?: string;
  /** The talks of google-talks to keep; defaults to RAGCAMP_COURSE_SUBSET, `false` keeps every talk. */
  subset?: CourseSubset | false;
}

/** What one dataset needs: where it lives, how it is credited, how a row of its index becomes a document. */
interface DatasetDefinition<Row> {
  folder: string;
  title: string;
  attribution: Attribution;
  row: z.ZodType<Row>;
  document(row: Row, dir: string): Promise<CaptionDocument>;
  /** The video id a course subset names a row by; datasets without one are never limited. */
  subsetKey?(row: Row): string;
}

const GOOGLE_TALKS: DatasetDefinition<{ video_id: string; title: string; saved_as: string }> = {
  folder: "captions-google-talks",
  title: "Google developer talks, 2008–2009, with human-made captions",
  attribution: {
    source: "google-video-captions project (github.com/GCNP/google-video-captions)",
    licence: "CC BY 3.0",
    licenceUrl: "https://creativecommons.org/licenses/by/3.0/",
    // Worded as PROVENANCE.md asks.
    credit: "Captions from the google-video-captions project (Google), CC BY 3.0, via github.com/GCNP/google-video-captions",
  },
  row: z.object({
    video_id: z.string().regex(VIDEO_ID),
    title: z.string().min(1),
    saved_as: z.string().min(1),
  }),
  async document(row, dir) {
    const source = `${this.folder}/${row.saved_as}`;
    const cues = parseSrt(await readDatasetFile(dir, row.saved_as), { source });
    const speaker = (await speakersOf(dir)).get(row.video_id);
    return {
      id: `google-talks:${row.video_id}`,
      videoId: row.video_id,
      title: row.title,
      ...(speaker && { speaker }),
      channel: "Google",
      url: watchUrl(row.video_id),
      timing: "exact",
      cues: shiftCues(cues, tapeHourOffsetS(cues), source),
      attribution: this.attribution,
    };
  },
  subsetKey: (row) => row.video_id,
};

const speakerRow = z.object({ video_id: z.string().regex(VIDEO_ID), speaker: z.string().min(1) });
const speakerFiles = new Map<string, Promise<Map<string, string>>>();

/**
 * Who gives each talk: speakers.csv beside index.csv (which keeps the source's
 * columns unchanged), read once per folder; a copy without it has no speakers.
 */
function speakersOf(dir: string): Promise<Map<string, string>> {
  let speakers = speakerFiles.get(dir);
  if (!speakers) {
    speakers = readCsv(dir, "speakers.csv", speakerRow)
      .catch((e: unknown) => {
        if (isLabError(e) && e.code === "not_found") return [];
        throw e;
      })
      .then((rows) => new Map(rows.map((r) => [r.video_id, r.speaker])));
    speakerFiles.set(dir, speakers);
    speakers.catch(() => speakerFiles.delete(dir));
  }
  return speakers;
}

const PRACTICAL_AI: DatasetDefinition<{ episode: string; file: string }> = {
  folder: "captions-practical-ai",
  title: "Practical AI podcast episodes on RAG, vector databases and knowledge graphs",
  attribution: {
    source: "Changelog transcripts (github.com/thechangelog/transcripts)",
    licence: "CC BY-SA 4.0",
    licenceUrl: "https://creativecommons.org/licenses/by-sa/4.0/",
    credit:
      "Transcripts of the Practical AI podcast, Copyright Changelog Media LLC, CC BY-SA 4.0, via github.com/thechangelog/transcripts",
  },
  row: z.object({ episode: z.string().regex(/^\d+$/), file: z.string().min(1) }),
  async document(row, dir) {
    const url = `https://changelog.com/practicalai/${row.episode}`;
    return {
      id: `practical-ai:${row.episode}`,
      title: `Practical AI episode ${row.episode}`,
      channel: "Practical AI",
      url,
      timing: "approximate",
      cues: parsePodcastTranscript(await readDatasetFile(dir, row.file), `${this.folder}/${row.file}`),
      attribution: {
        ...this.attribution,
        credit: `Transcript of Practical AI episode ${row.episode} (${url}), Copyright Changelog Media LLC, CC BY-SA 4.0, via github.com/thechangelog/transcripts`,
      },
    };
  },
};

/** The definitions with their row types erased, so they can sit in one table. */
interface Dataset {
  definition: Pick<DatasetDefinition<unknown>, "folder" | "title" | "attribution">;
  /** The index rows a subset keeps, so documents outside it are never parsed. */
  rows(dir: string, subset: CourseSubset | false): Promise<unknown[]>;
  load(dir: string, rows: unknown[]): Promise<CaptionDocument[]>;
}

function dataset<Row>(definition: DatasetDefinition<Row>): Dataset {
  return {
    definition,
    rows: async (dir, subset) => {
      const rows = await readCsv(dir, "index.csv", definition.row);
      return definition.subsetKey && subset ? limitToSubset(rows, definition.subsetKey, subset, definition.folder) : rows;
    },
    load: (dir, rows) => Promise.all((rows as Row[]).map((row) => definition.document(row, dir))),
  };
}

/** The rows a course subset keeps, in index order. Naming a talk the dataset lacks is a configuration error. */
function limitToSubset<Row>(rows: Row[], key: (row: Row) => string, subset: CourseSubset, folder: string): Row[] {
  if ("first" in subset) return rows.slice(0, subset.first);
  const known = new Set(rows.map(key));
  const unknown = subset.videoIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new Error(`RAGCAMP_COURSE_SUBSET names talks that ${folder} does not have: ${unknown.join(", ")}`);
  return rows.filter((row) => subset.videoIds.includes(key(row)));
}

const subsetOf = (options: DatasetOptions) => options.subset ?? env().RAGCAMP_COURSE_SUBSET ?? false;

const DATASETS: Record<DatasetName, Dataset> = {
  "google-talks": dataset(GOOGLE_TALKS),
  "practical-ai": dataset(PRACTICAL_AI),
};

/** Names arrive from users as plain strings, so the union type alone proves nothing at run time. */
export function assertDatasetName(name: string): asserts name is DatasetName {
  if (!(DATASET_NAMES as readonly string[]).includes(name)) {
    throw new LabError("not_found", `unknown dataset ${JSON.stringify(name)}; valid names: ${DATASET_NAMES.join(", ")}`);
  }
}

function datasetsRoot(options: DatasetOptions): string {
  return path.resolve(options.root ?? path.join(process.cwd(), "datasets"));
}

/** Name, licence, credit and size of every shipped dataset. */
export async function listDatasets(options: DatasetOptions = {}): Promise<DatasetInfo[]> {
  const root = datasetsRoot(options);
  return Promise.all(
    DATASET_NAMES.map(async (name) => {
      const { definition, rows } = DATASETS[name];
      const { licence, licenceUrl, credit } = definition.attribution;
      return {
        name,
        title: definition.title,
        licence,
        licenceUrl,
        credit,
        documents: (await rows(path.join(root, definition.folder), subsetOf(options))).length,
      };
    }),
  );
}

const cache = new Map<string, Promise<CaptionDocument[]>>();

/** Every document of a dataset (within the course subset). The array is the caller's; the documents are shared and frozen. */
export async function loadDataset(name: DatasetName, options: DatasetOptions = {}): Promise<CaptionDocument[]> {
  assertDatasetName(name);
  const { definition, rows, load } = DATASETS[name];
  const dir = path.join(datasetsRoot(options), definition.folder);
  const subset = subsetOf(options);
  const key = `${dir}\u0000${JSON.stringify(subset)}`;
  let documents = cache.get(key);
  if (!documents) {
    documents = rows(dir, subset)
      .then((kept) => load(dir, kept))
      .then((docs) => docs.map(freezeDocument));
    cache.set(key, documents);
    // A failed load (say, a root without datasets) must not stick.
    documents.catch(() => cache.delete(key));
  }
  return [...(await documents)];
}

async function readCsv<Row>(dir: string, name: string, schema: z.ZodType<Row>): Promise<Row[]> {
  const file = path.join(dir, name);
  const records: unknown[] = parse(await readDatasetFile(dir, name), { columns: true, bom: true });
  return records.map((record, i) => {
    const row = schema.safeParse(record);
    if (!row.success) {
      // Row 1 is the header.
      throw new LabError("bad_input", `${file}: row ${i + 2}: ${z.prettifyError(row.error)}`);
    }
    return row.data;
  });
}

async function readDatasetFile(dir: string, relative: string): Promise<string> {
  const file = path.join(dir, relative);
  try {
    return decodeCaptionBytes(await readFile(file), `${path.basename(dir)}/${relative}`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw new LabError("not_found", `caption dataset file not found: ${file}`);
    }
    throw e;
  }
}

function freezeDocument(doc: CaptionDocument): CaptionDocument {
  doc.cues.forEach((cue) => Object.freeze(cue));
  Object.freeze(doc.cues);
  Object.freeze(doc.attribution);
  return Object.freeze(doc);
}

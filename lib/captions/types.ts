/** One caption cue: text shown between two instants of the recording. */
export interface Cue {
  startS: number;
  endS: number;
  text: string;
}

/** Where a transcript came from and under which terms it may be shown. */
export interface Attribution {
  source: string;
  licence: string;
  licenceUrl?: string;
  credit: string;
}

/**
 * A transcript as every caption source produces it, live or offline.
 * `videoId` is set for YouTube videos; podcasts have only `url`.
 * `timing` is "exact" when every cue carries its own time, "approximate"
 * when times are interpolated between sparse timestamps.
 */
export interface CaptionDocument {
  id: string;
  videoId?: string;
  title: string;
  /** Who speaks, when the source says (google-talks: speakers.csv); contextual chunk headers name them. */
  speaker?: string;
  channel: string;
  url: string;
  timing: "exact" | "approximate";
  cues: Cue[];
  attribution: Attribution;
}

/** A chunk of a transcript, ready to embed, citing the second it starts at (the lab SDK's public shape). */
export type { Chunk } from "@/lib/ingest/contract";

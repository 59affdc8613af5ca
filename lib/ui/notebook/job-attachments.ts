/**
 * Which cell started which job, kept in the browser so a reloaded page can
 * put a running job's bar back in its cell. Entries go once the job ends.
 */
const KEY = "ragcamp.jobs";

export interface Attachment {
  jobId: string;
  lesson: string;
  cellId: string;
  label: string;
}

function read(): Attachment[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    if (!Array.isArray(parsed)) return [];
    // Stored by this page, but read defensively: anything malformed is dropped, not trusted.
    return parsed.filter(
      (a): a is Attachment =>
        typeof a === "object" && a !== null && ["jobId", "lesson", "cellId", "label"].every((k) => Object.hasOwn(a, k) && typeof (a as Record<string, unknown>)[k] === "string"),
    );
  } catch {
    return [];
  }
}

function write(list: Attachment[]): void {
  try {
    // A few dozen at most: old ones whose page never came back are dropped first.
    localStorage.setItem(KEY, JSON.stringify(list.slice(-50)));
  } catch {
    // Storage full or disabled: a reload then shows the job in the jobs panel instead.
  }
}

export const jobAttachments = {
  remember(a: Attachment): void {
    write([...read().filter((x) => x.jobId !== a.jobId), a]);
  },
  forget(jobId: string): void {
    write(read().filter((x) => x.jobId !== jobId));
  },
  forLesson(lesson: string): Attachment[] {
    return read().filter((a) => a.lesson === lesson);
  },
};

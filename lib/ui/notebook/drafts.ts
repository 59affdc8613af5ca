/**
 * Edits not yet saved, kept in this tab's sessionStorage. The save sent as
 * the page unloads can land after a quick reload has already read the
 * notebook; the reloaded page takes the newer draft and saves it again. A
 * draft lives only until its save lands, and sign-out or joining as someone
 * else drops them all: another learner in this tab never sees them.
 */
export const DRAFT_PREFIX = "ragcamp:draft:";
const keyOf = (lesson: string, cell: string) => `${DRAFT_PREFIX}${lesson}:${cell}`;

/** sessionStorage can be missing or full (private windows): drafts are a best effort on top of the saves. */
function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

export function keepDraft(lesson: string, cell: string, code: string): void {
  try {
    storage()?.setItem(keyOf(lesson, cell), code);
  } catch {
    // Full: the debounced save still carries the edit.
  }
}

/** Drops the cell's draft; with `saved`, only if the draft is that code (a later keystroke keeps its own). */
export function dropDraft(lesson: string, cell: string, saved?: string): void {
  const s = storage();
  if (s && (saved === undefined || s.getItem(keyOf(lesson, cell)) === saved)) s.removeItem(keyOf(lesson, cell));
}

/** The stored keys that start with `prefix`, listed first: removing while walking by index would skip some. */
function keysFrom(s: Storage, prefix: string): string[] {
  return Array.from({ length: s.length }, (_, i) => s.key(i)).filter((k): k is string => k?.startsWith(prefix) ?? false);
}

export function draftsOf(lesson: string): Map<string, string> {
  const s = storage();
  const found = new Map<string, string>();
  if (!s) return found;
  const prefix = keyOf(lesson, "");
  for (const key of keysFrom(s, prefix)) {
    const code = s.getItem(key);
    if (code !== null) found.set(key.slice(prefix.length), code);
  }
  return found;
}

export function dropAllDrafts(): void {
  const s = storage();
  if (s) for (const k of keysFrom(s, DRAFT_PREFIX)) s.removeItem(k);
}

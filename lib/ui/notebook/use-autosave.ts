"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { dropDraft, keepDraft } from "./drafts";
import { notebookApi } from "./notebook-api";

export type SaveState = "saved" | "saving" | "failed";
const DEBOUNCE_MS = 400;

/**
 * Debounced per-cell autosave. Unsaved edits are flushed when the page is
 * hidden or closed (keepalive requests outlive the page) and kept as drafts
 * until saved (./drafts), so a quick reload neither loses nor hides them.
 */
export function useAutosave(lesson: string) {
  const [state, setState] = useState<SaveState>("saved");
  const pending = useRef(new Map<string, { code: string; timer: ReturnType<typeof setTimeout> }>());
  const inFlight = useRef(0);

  const save = useCallback(
    async (cellId: string, code: string, keepalive = false) => {
      inFlight.current++;
      setState("saving");
      try {
        await notebookApi.saveCode(lesson, cellId, code, keepalive);
        dropDraft(lesson, cellId, code);
        inFlight.current--;
        if (inFlight.current === 0 && pending.current.size === 0) setState("saved");
      } catch {
        inFlight.current--;
        setState("failed");
      }
    },
    [lesson],
  );

  const schedule = useCallback(
    (cellId: string, code: string) => {
      const prev = pending.current.get(cellId);
      if (prev) clearTimeout(prev.timer);
      keepDraft(lesson, cellId, code);
      setState("saving");
      const timer = setTimeout(() => {
        pending.current.delete(cellId);
        void save(cellId, code);
      }, DEBOUNCE_MS);
      pending.current.set(cellId, { code, timer });
    },
    [lesson, save],
  );

  const flush = useCallback(() => {
    for (const [cellId, { code, timer }] of pending.current) {
      clearTimeout(timer);
      void save(cellId, code, true);
    }
    pending.current.clear();
  }, [save]);

  const cancel = useCallback(
    (cellId: string) => {
      const prev = pending.current.get(cellId);
      if (prev) clearTimeout(prev.timer);
      pending.current.delete(cellId);
      dropDraft(lesson, cellId);
    },
    [lesson],
  );

  useEffect(() => {
    window.addEventListener("pagehide", flush);
    return () => window.removeEventListener("pagehide", flush);
  }, [flush]);

  return { state, schedule, flush, cancel };
}

"use client";

import { useState } from "react";

/**
 * The lesson sidebar. On a phone it folds behind a "Lessons" button so the text gets the
 * width; on wider screens the CSS hides the button and always shows the list.
 */
export function NavFold({ children }: { children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <nav className="lesson-nav" aria-label="Lessons" data-testid="lesson-nav">
      <button type="button" className="btn-quiet nav-toggle" aria-expanded={open} aria-controls="lesson-nav-body" onClick={() => setOpen(!open)}>
        Lessons {open ? "▴" : "▾"}
      </button>
      {/* Following a link folds the list again, as the next page keeps this component's state. */}
      <div id="lesson-nav-body" className="nav-body" data-open={open} onClick={(e) => (e.target as HTMLElement).closest("a") && setOpen(false)}>
        {children}
      </div>
    </nav>
  );
}

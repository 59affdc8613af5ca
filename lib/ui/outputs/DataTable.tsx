"use client";

import { useMemo, useState } from "react";

type Sort = { column: string; dir: 1 | -1 } | null;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Web links (citations) become clickable; everything else is plain text. */
function CellValue({ value }: { value: unknown }) {
  const text = cellText(value);
  if (/^https?:\/\/\S+$/.test(text)) {
    return (
      <a href={text} target="_blank" rel="noreferrer">
        {text.replace(/^https?:\/\/(www\.)?/, "")}
      </a>
    );
  }
  return <>{text}</>;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return cellText(a).localeCompare(cellText(b), undefined, { numeric: true });
}

/** A table whose columns sort on click (numbers numerically). */
/** The best value of each marked column: highest for `best`, lowest for `bestLow`. */
function bestValues(rows: Record<string, unknown>[], best: string[] = [], bestLow: string[] = []): Map<string, number> {
  const out = new Map<string, number>();
  for (const [cols, pick] of [[best, Math.max], [bestLow, Math.min]] as const) {
    for (const c of cols) {
      const values = rows.map((r) => r[c]).filter((v): v is number => typeof v === "number");
      if (values.length) out.set(c, pick(...values));
    }
  }
  return out;
}

export function DataTable({ columns, rows, totalRows, best, bestLow }: { columns: string[]; rows: Record<string, unknown>[]; totalRows: number; best?: string[]; bestLow?: string[] }) {
  const [sort, setSort] = useState<Sort>(null);
  const marks = useMemo(() => bestValues(rows, best, bestLow), [rows, best, bestLow]);
  const sorted = useMemo(
    () => (sort ? [...rows].sort((a, b) => sort.dir * compare(a[sort.column], b[sort.column])) : rows),
    [rows, sort],
  );
  const toggle = (column: string) =>
    setSort((s) => (s?.column === column ? (s.dir === 1 ? { column, dir: -1 } : null) : { column, dir: 1 }));
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="output-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} aria-sort={sort?.column === c ? (sort.dir === 1 ? "ascending" : "descending") : "none"}>
                <button type="button" onClick={() => toggle(c)}>
                  {c}
                  <span className="sort-mark">{sort?.column === c ? (sort.dir === 1 ? " ▲" : " ▼") : ""}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c} className={`${typeof row[c] === "number" ? "num" : ""}${marks.get(c) === row[c] ? " best" : ""}`}>
                  <CellValue value={row[c]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {totalRows > rows.length && <p className="note">Showing {rows.length} of {totalRows} rows.</p>}
    </div>
  );
}

/** CSV as the lab's downloads write it (experiments, the cohort's results): opened in spreadsheets, so it is written for them. */

export type CsvValue = string | number | null;

/**
 * Numbers rounded to 4 places; text quoted, with quotes doubled; text a
 * spreadsheet would run as a formula (= + - @ first) gets a leading
 * apostrophe, as names and labels are typed by people; null is empty.
 */
export function csvCell(v: CsvValue): string {
  if (v === null) return "";
  if (typeof v === "number") return String(Math.round(v * 10_000) / 10_000);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvTable(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header.join(","), ...rows.map((row) => row.map(csvCell).join(","))].join("\n") + "\n";
}

import { describe, expect, it } from "vitest";
import { csvCell, csvTable } from "./csv";

describe("csvCell", () => {
  it("quotes text, doubles quotes and defuses what a spreadsheet would run as a formula", () => {
    expect(csvCell('Ana "the" Great')).toBe('"Ana ""the"" Great"');
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("-1+2")).toBe(`"'-1+2"`);
    expect(csvCell(0.123456)).toBe("0.1235");
    expect(csvCell(null)).toBe("");
  });
});

describe("csvTable", () => {
  it("writes a header and one line per row, ending in a newline", () => {
    expect(csvTable(["a", "b"], [["x", 1], [null, "y"]])).toBe('a,b\n"x",1\n,"y"\n');
  });
});

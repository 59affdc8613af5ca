/** Turning the raw text of a caption cue or transcript line into plain text. */

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  // Direction marks carry no words; dropping them keeps the text searchable.
  lrm: "",
  rlm: "",
  hellip: "…",
  ndash: "–",
  mdash: "—",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
};

/** Decodes named (&amp;) and numeric (&#39; &#x27;) entities; unknown ones are left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const hex = body[1] === "x" || body[1] === "X";
      const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Collapses every run of whitespace (newlines included) to one space and trims. */
export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

// Markup tags (<i>, </c>, <c.yellow>, <v Speaker>, <bold>) and VTT karaoke
// timestamps (<00:00:01.000>). A tag must start with a letter or "/", so a
// lone "<" in ordinary text survives.
const TAG = /<\/?[a-z][^<>]*>|<(?:\d+:)?\d{2}:\d{2}[.,]\d{3}>/gi;

/** Plain text of a cue: tags stripped, entities decoded, lines joined with a space. */
export function cueText(lines: readonly string[]): string {
  return collapseSpace(decodeEntities(lines.join("\n").replace(TAG, "")));
}

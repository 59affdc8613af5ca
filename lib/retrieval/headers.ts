/**
 * Contextual chunk headers: the talk's title and speaker put in front of a
 * chunk's text where it is embedded and keyword-indexed, so "what does
 * Crockford say about..." finds Crockford's chunks, but never in the text a
 * search shows or cites. Engines store the indexed text in their one text
 * column; reading a row back (vectorstore/port) cuts the header off at the
 * separator.
 */

/** ASCII unit separator: no transcript keeps control characters, and both engines' tokenizers split on it. */
export const HEADER_END = "\u001f";

/** "JavaScript: The Good Parts, by Doug Crockford"; the title alone when the speaker is not known. */
export function contextHeader(doc: { title: string; speaker?: string }): string {
  return doc.speaker ? `${doc.title}, by ${doc.speaker}` : doc.title;
}

/** The text that is embedded and indexed. A separator already in the text is made a space, so reading back cannot cut there. */
export function withHeader(header: string | undefined, text: string): string {
  const plain = text.replaceAll(HEADER_END, " ");
  return header ? `${header.replaceAll(HEADER_END, " ")}${HEADER_END}\n${plain}` : plain;
}

/** The text shown: a stored text without its header. */
export function withoutHeader(stored: string): string {
  const at = stored.indexOf(HEADER_END);
  return at < 0 ? stored : stored.slice(at + HEADER_END.length + 1);
}

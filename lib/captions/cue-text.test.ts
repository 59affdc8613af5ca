import { describe, expect, it } from "vitest";
import { cueText, decodeEntities } from "./cue-text";

describe("decodeEntities", () => {
  it("decodes named, decimal and hex entities", () => {
    expect(decodeEntities("Q&amp;A &lt;b&gt; &quot;x&quot; it&#39;s &#x27;y&#X27; caf&eacute;")).toBe(
      "Q&A <b> \"x\" it's 'y' caf&eacute;",
    );
  });

  it("leaves invalid code points as written", () => {
    expect(decodeEntities("&#0; &#x110000;")).toBe("&#0; &#x110000;");
  });
});

describe("cueText", () => {
  it("strips tags and karaoke timestamps but keeps a lone '<'", () => {
    expect(cueText(["<b>if</b> x < 3", "<00:00:01.000><c.blue>then</c>"])).toBe("if x < 3 then");
  });

  it("decodes after stripping, so an escaped tag stays as text", () => {
    expect(cueText(["&lt;i&gt; is italic"])).toBe("<i> is italic");
  });
});

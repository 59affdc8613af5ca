import { describe, expect, it } from "vitest";
import { loadLessons } from "./load";
import { parseLesson } from "./parse";

const fm = (extra = "") => `---\ntitle: A lesson\nslug: a-lesson\norder: 1\nestimatedMinutes: 5\nobjectives: [learn a thing]\n${extra}---\n`;

describe("parseLesson", () => {
  it("splits prose and cells, keeping ordinary code fences as prose", () => {
    const lesson = parseLesson("x.md", `${fm()}Intro\n\n\`\`\`ts cell=first\nconst a = 1\n\`\`\`\n\n\`\`\`bash\necho not a cell\n\`\`\`\n\n\`\`\`js cell=second\na\n\`\`\``);
    expect(lesson.cells).toEqual([
      { id: "first", kind: "ts", code: "const a = 1" },
      { id: "second", kind: "js", code: "a" },
    ]);
    expect(lesson.blocks.map((b) => b.type)).toEqual(["markdown", "cell", "markdown", "cell"]);
    expect(lesson.blocks[2]).toMatchObject({ text: expect.stringContaining("echo not a cell") });
  });

  it("names the file and field of bad frontmatter", () => {
    const bad = "---\ntitle: A lesson\nslug: a-lesson\norder: first\nestimatedMinutes: 5\nobjectives: [x y z]\n---\n";
    expect(() => parseLesson("lessons/bad.md", bad)).toThrow(/^lessons\/bad\.md: frontmatter\.order: /);
    expect(() => parseLesson("lessons/bad.md", fm("colour: blue\n"))).toThrow(/lessons\/bad\.md: frontmatter/);
  });

  it("rejects unknown cell kinds, duplicate ids and unclosed cells", () => {
    expect(() => parseLesson("l.md", `${fm()}\`\`\`ruby cell=x\n1\n\`\`\``)).toThrow(/unknown cell kind "ruby"/);
    expect(() => parseLesson("l.md", `${fm()}\`\`\`ts cell=x\n1\n\`\`\`\n\`\`\`ts cell=x\n2\n\`\`\``)).toThrow(/duplicate cell id "x"/);
    expect(() => parseLesson("l.md", `${fm()}\`\`\`ts cell=x\n1\n`)).toThrow(/never closed/);
    // A space in an attribute used to turn the cell into plain code without a word.
    expect(() => parseLesson("l.md", `${fm()}\`\`\`cypher cell=w expect=error:CypherError match=/Only read/\n1\n\`\`\``)).toThrow(/names a cell but is not/);
  });
});

describe("cell attributes", () => {
  const cell = (info: string) => parseLesson("l.md", `${fm()}\`\`\`ts cell=x ${info}\n1\n\`\`\``).cells[0];

  it("reads a cell meant to fail, its message pattern and its own time limit", () => {
    expect(cell("expect=error:TypeError match=/toFixed/ timeout=5")).toEqual({ id: "x", kind: "ts", code: "1", expect: { error: "TypeError", match: "toFixed" }, timeoutS: 5 });
    expect(cell("")).toEqual({ id: "x", kind: "ts", code: "1" });
  });

  it("refuses attributes it cannot honour, naming the line", () => {
    expect(() => cell("expect=TypeError")).toThrow(/line 1: expect must read error:<ErrorName>/);
    expect(() => cell("match=/a/")).toThrow(/match= needs expect/);
    expect(() => cell("expect=error:E match=/(/")).toThrow(/not a valid regular expression/);
    expect(() => cell("timeout=0")).toThrow(/timeout must be whole seconds/);
    expect(() => cell("colour=red")).toThrow(/unknown cell attribute "colour"/);
  });
});

describe("shipped lessons", () => {
  it("all validate, with unique slugs and orders", () => {
    const lessons = loadLessons();
    expect(lessons.length).toBeGreaterThanOrEqual(2);
    expect(new Set(lessons.map((l) => l.order)).size).toBe(lessons.length);
    for (const l of lessons) expect(l.cells.length, l.file).toBeGreaterThan(0);
  });
});

describe("exercise declarations", () => {
  const lesson = (ex: string) => parseLesson("l.md", `${fm()}\`\`\`ts cell=x\n1\n\`\`\`\n\n\`\`\`${ex}\n\`\`\``);

  it("reads an exercise beside its cell, with choices for a prediction", () => {
    const l = lesson("exercise id=pick kind=predict cell=x\nWhich one?\n- first\n- second");
    expect(l.exercises).toEqual([{ id: "pick", kind: "predict", cell: "x", prompt: "Which one?", choices: ["first", "second"] }]);
    expect(l.blocks.map((b) => b.type)).toEqual(["cell", "exercise"]);
  });

  it("refuses declarations the server could not check, naming the line", () => {
    expect(() => lesson("exercise id=a kind=guess cell=x\nWhy?")).toThrow(/line 5: exercise "a": kind must be one of value, state, predict/);
    expect(() => lesson("exercise id=a kind=value cell=nope\nWhy?")).toThrow(/names cell "nope", which this lesson does not have/);
    expect(() => lesson("exercise id=a kind=value cell=x\n- a\n- b")).toThrow(/has no prompt|only predict/);
    expect(() => lesson("exercise id=a kind=value cell=x colour=red\nWhy?")).toThrow(/unknown exercise attribute "colour=red"/);
  });
});

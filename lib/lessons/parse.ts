import matter from "gray-matter";
import { isCellKind, CELL_KINDS } from "./cell-kinds";
import { EXERCISE_INFO, parseExerciseFence } from "./exercise-block";
import { CELL_ID, frontmatterSchema, type Lesson, type LessonBlock, type LessonCell, type LessonExercise } from "./schema";

/** Thrown for a lesson file that cannot be shown; names the file and the field. */
export class LessonFormatError extends Error {
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = "LessonFormatError";
  }
}

// A runnable cell is a fence whose info string is `<kind> cell=<id>`, then optional attributes:
// `expect=error:<Name>` (the cell's error is the point), `match=/<regex>/` (its message), `timeout=<seconds>`.
const FENCE = /^(`{3,})\s*(.*)$/;
const CELL_INFO = /^(\S+)\s+cell=(\S+)((?:\s+\S+=\S+)*)\s*$/;
const ERROR_NAME = /^[A-Za-z_$][\w$]{0,60}$/;

function cellAttributes(where: string, file: string, text: string): Pick<LessonCell, "expect" | "timeoutS"> {
  const attrs = new Map<string, string>();
  for (const pair of text.trim().split(/\s+/).filter(Boolean)) {
    const [key, value] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
    if (!["expect", "match", "timeout"].includes(key)) throw new LessonFormatError(file, `${where}: unknown cell attribute "${key}" (known: expect, match, timeout)`);
    if (attrs.has(key)) throw new LessonFormatError(file, `${where}: cell attribute "${key}" given twice`);
    attrs.set(key, value);
  }
  const out: Pick<LessonCell, "expect" | "timeoutS"> = {};
  const expected = attrs.get("expect");
  if (expected !== undefined) {
    const name = /^error:(.*)$/.exec(expected)?.[1] ?? "";
    if (!ERROR_NAME.test(name)) throw new LessonFormatError(file, `${where}: expect must read error:<ErrorName>, e.g. expect=error:TypeError`);
    out.expect = { error: name };
  }
  const match = attrs.get("match");
  if (match !== undefined) {
    if (!out.expect) throw new LessonFormatError(file, `${where}: match= needs expect=error:<ErrorName>`);
    const re = /^\/(.+)\/$/.exec(match)?.[1];
    if (!re) throw new LessonFormatError(file, `${where}: match must read /<regex>/`);
    try {
      new RegExp(re);
    } catch {
      throw new LessonFormatError(file, `${where}: match /${re}/ is not a valid regular expression`);
    }
    out.expect.match = re;
  }
  const timeout = attrs.get("timeout");
  if (timeout !== undefined) {
    const s = Number(timeout);
    if (!/^\d+$/.test(timeout) || s < 1 || s > 3600) throw new LessonFormatError(file, `${where}: timeout must be whole seconds from 1 to 3600`);
    out.timeoutS = s;
  }
  return out;
}

export function parseLesson(file: string, source: string): Lesson {
  const { data, content } = matter(source);
  const fm = frontmatterSchema.safeParse(data);
  if (!fm.success) {
    const issue = fm.error.issues[0];
    throw new LessonFormatError(file, `frontmatter.${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const blocks = splitBlocks(file, content);
  const cells: LessonCell[] = blocks.flatMap(({ type, ...cell }) => (type === "cell" ? [cell as LessonCell] : []));
  const seen = new Set<string>();
  for (const c of cells) {
    if (seen.has(c.id)) throw new LessonFormatError(file, `duplicate cell id "${c.id}"`);
    seen.add(c.id);
  }
  const exercises: LessonExercise[] = blocks.flatMap(({ type, ...ex }) => (type === "exercise" ? [ex as LessonExercise] : []));
  const exerciseIds = new Set<string>();
  for (const ex of exercises) {
    if (exerciseIds.has(ex.id)) throw new LessonFormatError(file, `duplicate exercise id "${ex.id}"`);
    if (!seen.has(ex.cell)) throw new LessonFormatError(file, `exercise "${ex.id}" names cell "${ex.cell}", which this lesson does not have`);
    exerciseIds.add(ex.id);
  }
  return { ...fm.data, file, blocks, cells, exercises };
}

function splitBlocks(file: string, content: string): LessonBlock[] {
  const lines = content.split(/\r?\n/);
  const blocks: LessonBlock[] = [];
  let prose: string[] = [];
  const flushProse = () => {
    const text = prose.join("\n").trim();
    if (text) blocks.push({ type: "markdown", text });
    prose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]);
    const info = fence ? CELL_INFO.exec(fence[2]) : null;
    if (fence && EXERCISE_INFO.test(fence[2].trim())) {
      const close = findClose(lines, i + 1, fence[1]);
      const where = `line ${i + 1}`;
      if (close >= lines.length) throw new LessonFormatError(file, `${where}: exercise is never closed`);
      flushProse();
      const fail = (detail: string): never => {
        throw new LessonFormatError(file, `${where}: ${detail}`);
      };
      blocks.push({ type: "exercise", ...parseExerciseFence(fence[2].trim(), lines.slice(i + 1, close), fail) });
      i = close;
      continue;
    }
    // A fence that names a cell but does not read as one (a space inside an attribute) must not quietly become plain code.
    if (fence && !info && /(^|\s)cell=/.test(fence[2])) {
      throw new LessonFormatError(file, `line ${i + 1}: "${fence[2].trim()}" names a cell but is not \`<kind> cell=<id> [key=value ...]\` (attribute values cannot contain spaces; use \\s in a match= regex)`);
    }
    if (!fence || !info) {
      prose.push(lines[i]);
      // Skip over ordinary fenced code so a `cell=` inside it is not read as a cell.
      if (fence) {
        const close = findClose(lines, i + 1, fence[1]);
        prose.push(...lines.slice(i + 1, close + 1));
        i = close;
      }
      continue;
    }
    const [, kind, id, attributes] = info;
    const where = `line ${i + 1}`;
    if (!isCellKind(kind)) {
      throw new LessonFormatError(file, `${where}: unknown cell kind "${kind}" (known: ${Object.keys(CELL_KINDS).join(", ")})`);
    }
    if (!CELL_ID.test(id)) throw new LessonFormatError(file, `${where}: cell id "${id}" must be lowercase words joined by hyphens`);
    const close = findClose(lines, i + 1, fence[1]);
    if (close >= lines.length) throw new LessonFormatError(file, `${where}: cell "${id}" is never closed`);
    flushProse();
    blocks.push({ type: "cell", id, kind, code: lines.slice(i + 1, close).join("\n"), ...cellAttributes(where, file, attributes) });
    i = close;
  }
  flushProse();
  return blocks;
}

function findClose(lines: string[], from: number, ticks: string): number {
  let j = from;
  while (j < lines.length && lines[j].trim() !== ticks) j++;
  return j;
}

import matter from "gray-matter";
import { isCellKind, CELL_KINDS } from "./cell-kinds";
import { CELL_ID, frontmatterSchema, type Lesson, type LessonBlock, type LessonCell } from "./schema";

/** Thrown for a lesson file that cannot be shown; names the file and the field. */
export class LessonFormatError extends Error {
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = "LessonFormatError";
  }
}

// A runnable cell is a fence whose info string is `<kind> cell=<id>`.
const FENCE = /^(`{3,})\s*(.*)$/;
const CELL_INFO = /^(\S+)\s+cell=(\S+)\s*$/;

export function parseLesson(file: string, source: string): Lesson {
  const { data, content } = matter(source);
  const fm = frontmatterSchema.safeParse(data);
  if (!fm.success) {
    const issue = fm.error.issues[0];
    throw new LessonFormatError(file, `frontmatter.${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const blocks = splitBlocks(file, content);
  const cells: LessonCell[] = blocks.flatMap((b) => (b.type === "cell" ? [{ id: b.id, kind: b.kind, code: b.code }] : []));
  const seen = new Set<string>();
  for (const c of cells) {
    if (seen.has(c.id)) throw new LessonFormatError(file, `duplicate cell id "${c.id}"`);
    seen.add(c.id);
  }
  return { ...fm.data, file, blocks, cells };
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
    const [, kind, id] = info;
    const where = `line ${i + 1}`;
    if (!isCellKind(kind)) {
      throw new LessonFormatError(file, `${where}: unknown cell kind "${kind}" (known: ${Object.keys(CELL_KINDS).join(", ")})`);
    }
    if (!CELL_ID.test(id)) throw new LessonFormatError(file, `${where}: cell id "${id}" must be lowercase words joined by hyphens`);
    const close = findClose(lines, i + 1, fence[1]);
    if (close >= lines.length) throw new LessonFormatError(file, `${where}: cell "${id}" is never closed`);
    flushProse();
    blocks.push({ type: "cell", id, kind, code: lines.slice(i + 1, close).join("\n") });
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

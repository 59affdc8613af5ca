import { LabError } from "../errors";

/**
 * Judge prompts are plain strings a learner can read and edit. `{name}`
 * marks where a value goes; other braces (say, in a JSON example) are left
 * alone because a placeholder name is only lower-case letters and `_`.
 */
const PLACEHOLDER = /\{([a-z_]+)\}/g;

export function placeholdersIn(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1]))];
}

const list = (names: readonly string[]) => names.map((n) => `{${n}}`).join(", ");

/** Throws a LabError naming the template and every missing (or unknown) placeholder. */
export function validateTemplate(template: string, required: readonly string[], optional: readonly string[] = [], label = "judge"): void {
  const present = placeholdersIn(template);
  const missing = required.filter((name) => !present.includes(name));
  if (missing.length > 0) {
    throw new LabError(
      "bad_input",
      `The ${label} template is missing ${missing.length === 1 ? "the placeholder" : "the placeholders"} ${list(missing)}. ` +
        "Put each one where the judge should see that text.",
      { missing },
    );
  }
  const known = [...required, ...optional];
  const unknown = present.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new LabError(
      "bad_input",
      `The ${label} template uses ${list(unknown)}, which ${unknown.length === 1 ? "is" : "are"} not available here. ` +
        `Available: ${list(known)}.`,
      { unknown },
    );
  }
}

/** One pass, so a value that itself contains `{answer}` is not expanded again. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

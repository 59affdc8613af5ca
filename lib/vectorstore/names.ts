/**
 * Collection names: one collection per (learner, corpus, chunker config,
 * embedder), so changing any of them never mixes vectors of different runs.
 * Names are portable across engines: LanceDB takes them as table names,
 * the Weaviate adapter maps them to its class-name rules.
 */
import { createHash } from "node:crypto";
import { LabError } from "../errors";

const MAX_NAME = 120;
const NAME = /^[a-z][a-z0-9_-]*$/;

export function validateCollectionName(name: string): string {
  if (name.length > MAX_NAME || !NAME.test(name)) {
    throw new LabError(
      "bad_input",
      `invalid collection name "${name}": use lowercase letters, digits, "_" and "-", ` +
        `start with a letter, at most ${MAX_NAME} characters`,
    );
  }
  return name;
}

/**
 * A lowercase slug without "_" (which separates the name's parts). Slugs
 * longer than `max` keep a prefix plus a hash of the whole value, so two long
 * model ids sharing a prefix still get different names.
 */
function slug(what: string, value: string, max: number): string {
  const s = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!s) throw new LabError("bad_input", `${what} "${value}" has no letters or digits to name a collection with`);
  if (s.length <= max) return s;
  const hash = createHash("sha256").update(value).digest("hex").slice(0, 8);
  return `${s.slice(0, max - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** Prefix shared by all collections of one learner; "__" ends it so "bob" never matches "bobby". */
export function learnerPrefix(learner: string): string {
  return `l_${slug("learner", learner, 32)}__`;
}

export interface CollectionKey {
  learner: string;
  corpus: string;
  configHash: string;
  modelId: string;
}

/** `l_<learner>__<corpus>__<hash>__<model>`, at most 112 characters. */
export function collectionName({ learner, corpus, configHash, modelId }: CollectionKey): string {
  return validateCollectionName(
    `${learnerPrefix(learner)}${slug("corpus", corpus, 24)}__${slug("config hash", configHash, 16)}__${slug("model id", modelId, 32)}`,
  );
}

/**
 * The speaker filter: chunks carry no speaker, so a name is resolved to the
 * shipped talks it speaks in (their docIds), and hits are kept by document.
 */
import { DATASET_NAMES, loadDataset } from "@/lib/captions/datasets";
import { LabError } from "@/lib/errors";

/** docIds of every shipped talk whose speaker contains `name`, ignoring case ("martelli" finds both Painless Python talks). */
export async function talksBy(name: string): Promise<Set<string>> {
  const wanted = name.trim().toLowerCase();
  const docs = (await Promise.all(DATASET_NAMES.map((d) => loadDataset(d, { subset: false })))).flat();
  const ids = new Set(docs.filter((d) => d.speaker?.toLowerCase().includes(wanted)).map((d) => d.id));
  if (ids.size === 0) throw new LabError("bad_input", `filter: speaker ${JSON.stringify(name)} gives none of the course's talks`);
  return ids;
}

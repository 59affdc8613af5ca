/** The caption datasets the lab ships (datasets/), as requests name them. */
export const DATASET_NAMES = ["google-talks", "practical-ai"] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** The caption datasets the lab ships (datasets/): their names as requests give them, and the datasets route. */
import { z } from "zod";
import { endpoint, labType, noInput } from "@/lib/api/endpoint";

export const DATASET_NAMES = ["google-talks", "practical-ai"] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export const datasetInfoSchema = labType(
  "DatasetInfo",
  z.object({
    name: z.enum(DATASET_NAMES),
    title: z.string(),
    licence: z.string(),
    licenceUrl: z.string().optional(),
    credit: z.string(),
    documents: z.number(),
  }),
);
export type DatasetInfo = z.output<typeof datasetInfoSchema>;

/** The shipped datasets, with licence and credit. */
export const getDatasets = endpoint({ method: "GET", path: "/api/datasets", request: noInput, response: z.object({ datasets: z.array(datasetInfoSchema) }) });

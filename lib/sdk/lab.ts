import type { CellOutput } from "@/lib/kernel/outputs";
import { tableOutput, valueOutput } from "@/lib/kernel/to-output";
import type { Http } from "./http";
import type { ChartInput, Lab, LessonInfo, Row } from "./types";

export interface LabContext {
  emit(output: CellOutput): void;
  http: Http;
  maxOutputBytes: number;
}

/** The `lab` object cells use. Display calls are local; the rest go to /api. */
export function createLab(ctx: LabContext): Lab {
  return {
    display(value: unknown) {
      ctx.emit(valueOutput(value, ctx.maxOutputBytes));
    },
    table(rows: Row[], options?: { columns?: string[] }) {
      if (!Array.isArray(rows)) throw new TypeError("lab.table expects an array of row objects");
      ctx.emit(tableOutput(rows, options?.columns, ctx.maxOutputBytes));
    },
    chart(spec: ChartInput) {
      ctx.emit({ kind: "chart", spec });
    },
    sleep(ms: number) {
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
    async lessons() {
      const { lessons } = await ctx.http<{ lessons: LessonInfo[] }>("/api/lessons");
      return lessons;
    },
  };
}

/**
 * The `lab` SDK as learners see it in cells. Plain types only: this file is
 * turned into the declarations Monaco uses for completion (public/lab.d.ts).
 */
export type Scalar = string | number | boolean | null;
export type Row = Record<string, unknown>;

export type ChartInput =
  | {
      type: "bar" | "line" | "scatter";
      title?: string;
      data: Record<string, Scalar>[];
      /** Field for the x axis. */
      x: string;
      /** One or more numeric fields, each drawn as a series. */
      y: string[];
    }
  | {
      type: "heatmap";
      title?: string;
      data: Record<string, Scalar>[];
      x: string;
      y: string;
      /** Numeric field that colours each cell. */
      value: string;
    };

export interface LessonInfo {
  slug: string;
  title: string;
  order: number;
  estimatedMinutes: number;
  cellCount: number;
}

export interface Lab {
  /** Shows any value: text for strings, a collapsible tree for objects. */
  display(value: unknown): void;
  /** Shows rows as a sortable table; columns default to the keys of the rows. */
  table(rows: Row[], options?: { columns?: string[] }): void;
  /** Draws a bar, line, scatter or heatmap chart. */
  chart(spec: ChartInput): void;
  /** Waits, e.g. to watch a long-running cell being stopped. */
  sleep(ms: number): Promise<void>;
  /** The lessons on this server, in course order. */
  lessons(): Promise<LessonInfo[]>;
}

/** Output helpers shared by the benchmarks: `BENCH name value unit` and `RATIO name value` on stdout, details on stderr. */
export const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
export const bench = (name: string, value: number, unit: string) => console.log(`BENCH ${name} ${round(value)} ${unit}`);
export const ratio = (name: string, value: number) => console.log(`RATIO ${name} ${round(value, 3)}`);
export const log = (msg: string) => console.error(`[bench] ${msg}`);

export async function time<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await run();
  return [value, performance.now() - t0];
}

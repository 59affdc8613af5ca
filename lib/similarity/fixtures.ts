/** Synthetic vectors for the tests: seeded, so every run plants the same data. */
import { seededRandom } from "@/lib/random/seeded";

export function vectorFactory(dimension: number, seed = 7) {
  const random = seededRandom(seed);
  // Box–Muller: Gaussian coordinates make random directions uniform on the sphere.
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const unit = (v: number[]) => {
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const randomUnit = () => unit(Array.from({ length: dimension }, gaussian));
  return {
    randomUnit,
    /**
     * A random plane; the returned function gives its unit vector at an
     * angle, so cos(angle difference) is the exact similarity of two of them.
     */
    plane() {
      const e1 = randomUnit();
      const r = randomUnit();
      const along = r.reduce((s, x, i) => s + x * e1[i], 0);
      const e2 = unit(r.map((x, i) => x - along * e1[i]));
      return (degrees: number) => {
        const t = (degrees * Math.PI) / 180;
        return e1.map((x, i) => Math.cos(t) * x + Math.sin(t) * e2[i]);
      };
    },
  };
}

export const cosDeg = (degrees: number) => Math.cos((degrees * Math.PI) / 180);

import { describe, expect, it } from "vitest";
import { checkFusion, EQUAL_FUSION, fuse } from "./fusion";
import type { SearchHit } from "./port";

const hits = (...ids: string[]): SearchHit[] => ids.map((id, i) => ({ chunk: { id } as SearchHit["chunk"], score: 1 - i / 10 }));
const ids = (list: SearchHit[]) => list.map((h) => h.chunk.id);

describe("weighted reciprocal rank fusion", () => {
  it("ranks a chunk both searches found above chunks only one found, with equal weights", () => {
    const fused = fuse(hits("a", "both"), hits("b", "both"), EQUAL_FUSION, 10);
    expect(ids(fused)[0]).toBe("both");
    expect(fused[0].score).toBeCloseTo(0.5 / 62 + 0.5 / 62);
    expect(ids(fused).sort()).toEqual(["a", "b", "both"]);
  });

  it("follows one list alone at weight 1 or 0", () => {
    expect(ids(fuse(hits("v1", "v2"), hits("k1", "k2"), { vectorWeight: 1, k: 60 }, 2))).toEqual(["v1", "v2"]);
    expect(ids(fuse(hits("v1", "v2"), hits("k1", "k2"), { vectorWeight: 0, k: 60 }, 2))).toEqual(["k1", "k2"]);
  });

  it("with a small k lets a list's top hit beat agreement further down", () => {
    const vector = hits("top", "x1", "x2", "shared");
    const keyword = hits("y1", "y2", "y3", "shared");
    expect(ids(fuse(vector, keyword, { vectorWeight: 0.5, k: 60 }, 1))).toEqual(["shared"]);
    expect(ids(fuse(vector, keyword, { vectorWeight: 0.5, k: 1 }, 1))).toEqual(["top"]);
  });

  it("fills in defaults and refuses weights or k out of range", () => {
    expect(checkFusion()).toEqual(EQUAL_FUSION);
    expect(checkFusion({ vectorWeight: 0.2 })).toEqual({ vectorWeight: 0.2, k: 60 });
    expect(() => checkFusion({ vectorWeight: 1.5 })).toThrow(/must be from 0 to 1[\s\S]*vectorWeight/);
    expect(() => checkFusion({ k: 0 })).toThrow(/must be a whole number from 1 to 1000[\s\S]*k/);
  });
});

/**
 * Mines a collection for non-transitive triples: A close to B, B close to C,
 * yet A far from C. For each chunk B it pairs up B's nearest neighbours, so
 * the cost is n²/2 similarities for the k-NN lists plus n·k²/2 for the
 * candidate pairs, never the n³ triples.
 */
import { LabError } from "@/lib/errors";
import {
  UnitVectors,
  adjacent,
  assertUniqueIds,
  nearestNeighbours,
  percentile,
  sampleSimilarities,
  type ChunkPosition,
  type VectorRow,
} from "./knn";
import { checkSimilarity, integerOption } from "./options";

/**
 * Default thresholds are percentiles of the collection's own similarity
 * distribution, because models differ in scale (unrelated texts sit near 0
 * for some, near 0.7 for others). 95th: A–B is among the 5% closest pairs;
 * with USE-Lite on the Google talks that is 0.68, the median similarity of
 * two consecutive chunks of one talk. 50th: A–C is no closer than a typical
 * random pair, so the model sees no particular relation. The 99th
 * percentile (0.75 there) found no triple at all, even with 100 neighbours:
 * two links that tight leave A and C too close together.
 */
export const HIGH_PERCENTILE = 95;
export const LOW_PERCENTILE = 50;
/** At or above this, two chunks say the same thing: a pair, not a chain. */
export const NEAR_DUPLICATE = 0.95;
/** 1,000 sampled pairs lie above the 95th percentile: its estimate moves by about ±0.005. */
export const SAMPLED_PAIRS = 20_000;
/**
 * A and C are usually among B's weaker strong neighbours, so short lists
 * miss them: on the Google talks 10 neighbours found 6 triples, 30 found 75,
 * 100 found 831. 30 bounds the candidate pairs at 435 per chunk.
 */
export const DEFAULT_NEIGHBOURS = 30;
export const MAX_NEIGHBOURS = 100;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1_000;

export interface MinerOptions {
  tauHigh?: number;
  tauLow?: number;
  /** Triples returned (the best ones); all found are counted. */
  limit?: number;
  /** k of the nearest-neighbour lists. */
  neighbours?: number;
}

export interface MinedTriple {
  a: ChunkPosition;
  b: ChunkPosition;
  c: ChunkPosition;
  ab: number;
  bc: number;
  ac: number;
  /** min(ab, bc) − ac: how much weaker the indirect link is than the weaker direct one. */
  gap: number;
  /** Distinct videos among A, B and C. */
  videos: 1 | 2 | 3;
}

export interface MineResult {
  triples: MinedTriple[];
  thresholds: { tauHigh: number; tauLow: number; fromPercentiles: { high: boolean; low: boolean } };
  stats: {
    rows: number;
    /** Pairs sampled to estimate default thresholds (0 when both were given). */
    sampledPairs: number;
    /** (A, C) pairs examined: pairs of neighbours of some B. */
    candidatePairs: number;
    triplesFound: number;
    elapsedMs: number;
  };
}

function checkThresholds(tauHigh: number, tauLow: number, derived: string): void {
  if (!(tauLow < tauHigh)) {
    throw new LabError("bad_input", `tauLow (${tauLow}) must be below tauHigh (${tauHigh})${derived}.`);
  }
  if (tauHigh >= NEAR_DUPLICATE) {
    throw new LabError(
      "bad_input",
      `tauHigh (${tauHigh}) must be below ${NEAR_DUPLICATE}, where chunks count as near-duplicates${derived}.`,
    );
  }
}

/** Given thresholds as they are; missing ones from a sample of the collection's pairwise similarities. */
function resolveThresholds(
  vectors: UnitVectors,
  given: Pick<MinerOptions, "tauHigh" | "tauLow">,
): { tauHigh: number; tauLow: number; sampledPairs: number } {
  checkSimilarity("tauHigh", given.tauHigh);
  checkSimilarity("tauLow", given.tauLow);
  if (given.tauHigh !== undefined && given.tauLow !== undefined) {
    checkThresholds(given.tauHigh, given.tauLow, "");
    return { tauHigh: given.tauHigh, tauLow: given.tauLow, sampledPairs: 0 };
  }
  const sample = sampleSimilarities(vectors, SAMPLED_PAIRS);
  const tauHigh = given.tauHigh ?? percentile(sample, HIGH_PERCENTILE);
  const tauLow = given.tauLow ?? percentile(sample, LOW_PERCENTILE);
  checkThresholds(tauHigh, tauLow, " (defaults are percentiles of this collection's similarities)");
  return { tauHigh, tauLow, sampledPairs: sample.length };
}

function checkRows(rows: readonly VectorRow[]): void {
  if (rows.length < 3) throw new LabError("bad_input", `Mining triples needs at least 3 chunks, got ${rows.length}.`);
  assertUniqueIds(rows);
}

export function mineTriples(rows: readonly VectorRow[], options: MinerOptions = {}): MineResult {
  const started = performance.now();
  const limit = integerOption("limit", options.limit ?? DEFAULT_LIMIT, 1, MAX_LIMIT);
  const k = integerOption("neighbours", options.neighbours ?? DEFAULT_NEIGHBOURS, 2, MAX_NEIGHBOURS);
  checkRows(rows);
  const vectors = new UnitVectors(rows.map((r) => r.vector));

  const { tauHigh, tauLow, sampledPairs } = resolveThresholds(vectors, options);

  const lists = nearestNeighbours(vectors, {
    k,
    min: tauHigh,
    max: NEAR_DUPLICATE,
    allowed: (i, j) => !adjacent(rows[i], rows[j]),
  });

  const position = ({ id, docId, index }: VectorRow): ChunkPosition => ({ id, docId, index });
  const found: MinedTriple[] = [];
  let candidatePairs = 0;
  lists.forEach((list, b) => {
    // Lists are sorted by similarity, so x is B's closer neighbour: it becomes A.
    for (let p = 0; p < list.length; p++) {
      for (let q = p + 1; q < list.length; q++) {
        candidatePairs++;
        const [x, y] = [list[p], list[q]];
        if (adjacent(rows[x.index], rows[y.index])) continue;
        const ac = vectors.similarity(x.index, y.index);
        if (ac > tauLow) continue;
        const [a, c] = [rows[x.index], rows[y.index]];
        found.push({
          a: position(a),
          b: position(rows[b]),
          c: position(c),
          ab: x.sim,
          bc: y.sim,
          ac,
          gap: y.sim - ac,
          videos: new Set([a.docId, rows[b].docId, c.docId]).size as 1 | 2 | 3,
        });
      }
    }
  });

  // Triples across videos first: within one talk, topic drift explains a chain too easily.
  found.sort((s, t) => t.videos - s.videos || t.gap - s.gap);
  return {
    triples: found.slice(0, limit),
    thresholds: {
      tauHigh,
      tauLow,
      fromPercentiles: { high: options.tauHigh === undefined, low: options.tauLow === undefined },
    },
    stats: {
      rows: rows.length,
      sampledPairs,
      candidatePairs,
      triplesFound: found.length,
      elapsedMs: Math.round(performance.now() - started),
    },
  };
}

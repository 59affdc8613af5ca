"use client";

import { useState } from "react";
import type { TriangleOutput } from "@/lib/kernel/outputs";

const CORNERS = [
  { x: 70, y: 200, name: "A" },
  { x: 330, y: 200, name: "B" },
  { x: 200, y: 30, name: "C" },
];

/** The three similarities on the sides of a triangle; sides at or above the threshold count as "similar". */
export function TriangleView({ output }: { output: TriangleOutput }) {
  const [threshold, setThreshold] = useState(() => Math.round(((output.ab + output.bc) / 2 - 0.05) * 100) / 100);
  const sides = [
    { from: 0, to: 1, value: output.ab, label: "A–B" },
    { from: 1, to: 2, value: output.bc, label: "B–C" },
    { from: 0, to: 2, value: output.ac, label: "A–C" },
  ];
  const similar = sides.filter((s) => s.value >= threshold).map((s) => s.label);
  const transitive = similar.includes("A–B") && similar.includes("B–C");
  return (
    <figure className="triangle-view" data-testid="output-triangle">
      <svg viewBox="0 0 400 240" role="img" aria-label="Similarity triangle">
        {sides.map((s) => {
          const a = CORNERS[s.from];
          const b = CORNERS[s.to];
          const on = s.value >= threshold;
          return (
            <g key={s.label}>
              <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke={on ? "#059669" : "#d1d5db"} strokeWidth={on ? 5 : 2} strokeDasharray={on ? undefined : "6 5"} />
              <text x={(a.x + b.x) / 2} y={(a.y + b.y) / 2 - 8} textAnchor="middle" className="tri-value">
                {s.value.toFixed(3)}
              </text>
            </g>
          );
        })}
        {CORNERS.map((c) => (
          <g key={c.name}>
            <circle cx={c.x} cy={c.y} r={16} fill="#111827" />
            <text x={c.x} y={c.y + 5} textAnchor="middle" fill="#fff" className="tri-corner">
              {c.name}
            </text>
          </g>
        ))}
      </svg>
      <label className="tri-slider">
        &ldquo;similar&rdquo; means cosine ≥ <strong>{threshold.toFixed(2)}</strong>
        <input type="range" min={-0.2} max={1} step={0.01} value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} data-testid="triangle-threshold" />
      </label>
      <ol className="tri-texts">
        {output.texts.map((t, i) => (
          <li key={i}>
            <strong>{CORNERS[i].name}</strong>: {t}
          </li>
        ))}
      </ol>
      <figcaption className="note">
        {output.modelId}: {transitive ? (similar.includes("A–C") ? "at this threshold all three are similar." : "A–B and B–C are similar, A–C is not: similarity is not transitive here.") : "A–B and B–C are not both similar at this threshold."}
      </figcaption>
    </figure>
  );
}

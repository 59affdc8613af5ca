"use client";

import { useMemo } from "react";
import type { GraphOutput } from "@/lib/kernel/outputs";

const WIDTH = 760;
const HEIGHT = 420;
const COLOURS = ["#2563eb", "#059669", "#d97706", "#7c3aed", "#dc2626", "#0891b2", "#db2777", "#65a30d"];

type Point = { x: number; y: number };

/**
 * A small force layout (repulsion between all nodes, springs along edges),
 * run a fixed number of steps from a circle so the same graph always lands
 * the same way.
 */
function layout(nodes: GraphOutput["nodes"], edges: GraphOutput["edges"]): Map<string, Point> {
  const pos = new Map<string, Point>(
    nodes.map((n, i) => {
      const a = (2 * Math.PI * i) / nodes.length;
      return [n.id, { x: WIDTH / 2 + 150 * Math.cos(a), y: HEIGHT / 2 + 150 * Math.sin(a) }];
    }),
  );
  const ids = nodes.map((n) => n.id);
  for (let step = 0; step < 300; step++) {
    const force = new Map(ids.map((id) => [id, { x: 0, y: 0 }]));
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = pos.get(ids[i])!;
        const b = pos.get(ids[j])!;
        const dx = a.x - b.x || 0.01;
        const dy = a.y - b.y || 0.01;
        const d2 = Math.max(dx * dx + dy * dy, 100);
        const f = 4000 / d2;
        force.get(ids[i])!.x += f * dx;
        force.get(ids[i])!.y += f * dy;
        force.get(ids[j])!.x -= f * dx;
        force.get(ids[j])!.y -= f * dy;
      }
    }
    for (const e of edges) {
      const a = pos.get(e.source)!;
      const b = pos.get(e.target)!;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      force.get(e.source)!.x += 0.02 * dx;
      force.get(e.source)!.y += 0.02 * dy;
      force.get(e.target)!.x -= 0.02 * dx;
      force.get(e.target)!.y -= 0.02 * dy;
    }
    const cool = 1 - step / 300;
    for (const id of ids) {
      const p = pos.get(id)!;
      const f = force.get(id)!;
      p.x = Math.min(WIDTH - 40, Math.max(40, p.x + Math.max(-20, Math.min(20, f.x)) * cool + (WIDTH / 2 - p.x) * 0.005));
      p.y = Math.min(HEIGHT - 20, Math.max(20, p.y + Math.max(-20, Math.min(20, f.y)) * cool + (HEIGHT / 2 - p.y) * 0.005));
    }
  }
  return pos;
}

/** Nodes coloured by label, relationships labelled with their type. */
export function GraphView({ output }: { output: GraphOutput }) {
  // The layout is quadratic in nodes: compute it once per output, not on every render of the cell.
  const { nodes, edges, pos } = useMemo(() => {
    const nodes = output.nodes.slice(0, 300);
    const shown = new Set(nodes.map((n) => n.id));
    const edges = output.edges.filter((e) => shown.has(e.source) && shown.has(e.target));
    return { nodes, edges, pos: layout(nodes, edges) };
  }, [output]);
  const labels = [...new Set(nodes.map((n) => n.label))];
  const colour = (label: string) => COLOURS[labels.indexOf(label) % COLOURS.length];
  return (
    <figure className="graph-view" data-testid="output-graph">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Graph of ${nodes.length} nodes and ${edges.length} relationships`}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="18" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#9ca3af" />
          </marker>
        </defs>
        {edges.map((e, i) => {
          const a = pos.get(e.source)!;
          const b = pos.get(e.target)!;
          return (
            <g key={i} className="graph-edge">
              <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="#9ca3af" markerEnd="url(#arrow)" />
              <text x={(a.x + b.x) / 2} y={(a.y + b.y) / 2 - 3} textAnchor="middle">
                {e.caption ? `${e.type} ${e.caption}` : e.type}
              </text>
            </g>
          );
        })}
        {nodes.map((n) => {
          const p = pos.get(n.id)!;
          return (
            <g key={n.id} className={`graph-node${n.role ? ` role-${n.role}` : ""}`}>
              <circle cx={p.x} cy={p.y} r={n.role === "seed" ? 11 : 8} fill={colour(n.label)}>
                <title>{`${n.label}: ${n.caption}`}</title>
              </circle>
              <text x={p.x} y={p.y + 22} textAnchor="middle">
                {n.caption.length > 22 ? `${n.caption.slice(0, 21)}…` : n.caption}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="graph-legend">
        {labels.map((l) => (
          <span key={l}>
            <span className="swatch" style={{ background: colour(l) }} /> {l}
          </span>
        ))}
        {output.nodes.length > nodes.length && <span className="note"> showing {nodes.length} of {output.nodes.length} nodes</span>}
      </figcaption>
    </figure>
  );
}

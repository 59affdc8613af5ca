"use client";

import { Bar, BarChart, CartesianGrid, ErrorBar, Line, LineChart, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartSpec } from "@/lib/kernel/outputs";

// Red comes late: in a two-series chart the second must not read as an error.
const PALETTE = ["#2563eb", "#d97706", "#059669", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

export function ChartView({ spec }: { spec: ChartSpec }) {
  return (
    <figure className="chart" data-testid="output-chart">
      {spec.title && <figcaption>{spec.title}</figcaption>}
      {spec.type === "heatmap" ? <Heatmap spec={spec} /> : <XYChart spec={spec} />}
    </figure>
  );
}

/** Bar labels longer than this are cut (the tooltip has them whole): slanted, they would eat the plot. */
const TICK_CHARS = 22;
const cut = (v: unknown) => {
  const text = String(v);
  return text.length > TICK_CHARS ? `${text.slice(0, TICK_CHARS - 1)}…` : text;
};

function XYChart({ spec }: { spec: Extract<ChartSpec, { type: "bar" | "line" | "scatter" }> }) {
  // Every bar is named (recharts drops labels that would touch), slanted so they fit a phone's width.
  const slanted = spec.type === "bar" && spec.data.length > 3;
  const longest = Math.min(TICK_CHARS, Math.max(0, ...spec.data.map((d) => String(d[spec.x]).length)));
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" />
      {slanted ? (
        <XAxis dataKey={spec.x} type="category" name={spec.x} interval={0} angle={-40} textAnchor="end" height={16 + longest * 5} tick={{ fontSize: 11 }} tickFormatter={cut} />
      ) : (
        <XAxis dataKey={spec.x} type={spec.type === "scatter" ? "number" : "category"} name={spec.x} interval={spec.type === "bar" ? 0 : "preserveEnd"} />
      )}
      {/* Counts get whole-number ticks: "0.25 learners" means nothing. */}
      <YAxis allowDecimals={!spec.data.every((d) => spec.y.every((k) => d[k] === undefined || Number.isInteger(d[k])))} />
      <Tooltip />
    </>
  );
  return (
    <>
      <ResponsiveContainer width="100%" height={slanted ? 280 + longest * 5 : 280}>
      {spec.type === "bar" ? (
        <BarChart data={withErrorBars(spec)}>
          {axes}
          {spec.y.map((k, i) => (
            <Bar key={k} dataKey={k} fill={PALETTE[i % PALETTE.length]} isAnimationActive={false}>
              {spec.intervals?.[k] && <ErrorBar dataKey={errorKey(k)} width={6} stroke="#111827" isAnimationActive={false} />}
            </Bar>
          ))}
        </BarChart>
      ) : spec.type === "line" ? (
        <LineChart data={spec.data}>
          {axes}
          {spec.y.map((k, i) => (
            <Line key={k} dataKey={k} stroke={PALETTE[i % PALETTE.length]} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      ) : (
        <ScatterChart>
          {axes}
          {spec.y.map((k, i) => (
            <Scatter key={k} name={k} data={spec.data} dataKey={k} fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} />
          ))}
        </ScatterChart>
      )}
      </ResponsiveContainer>
      {/* An HTML legend wraps below the plot; recharts' own takes its lines out of the plot's fixed height. */}
      {spec.y.length > 1 && (
        <ul className="chart-legend">
          {spec.y.map((k, i) => (
            <li key={k}>
              <span className="chart-swatch" style={{ background: PALETTE[i % PALETTE.length] }} />
              {k}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

const errorKey = (series: string) => `${series}\u0000error`;

/** recharts' ErrorBar wants [below, above] offsets from the bar, not the interval's ends. */
function withErrorBars(spec: Extract<ChartSpec, { type: "bar" | "line" | "scatter" }>) {
  const intervals = Object.entries(spec.intervals ?? {});
  if (intervals.length === 0) return spec.data;
  return spec.data.map((row) => {
    const extra: Record<string, [number, number]> = {};
    for (const [series, { low, high }] of intervals) {
      const [value, lo, hi] = [row[series], row[low], row[high]];
      if (typeof value === "number" && typeof lo === "number" && typeof hi === "number") extra[errorKey(series)] = [value - lo, hi - value];
    }
    return { ...row, ...extra };
  });
}

/** A grid heatmap: recharts has none, and a CSS grid reads better than a hack. */
function Heatmap({ spec }: { spec: Extract<ChartSpec, { type: "heatmap" }> }) {
  const xs = [...new Set(spec.data.map((d) => String(d[spec.x])))];
  const ys = [...new Set(spec.data.map((d) => String(d[spec.y])))];
  const values = spec.data.map((d) => Number(d[spec.value])).filter(Number.isFinite);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const at = new Map(spec.data.map((d) => [`${d[spec.x]}\u0000${d[spec.y]}`, Number(d[spec.value])]));
  const shade = (v: number) => (max === min ? 0.5 : (v - min) / (max - min));
  return (
    <div className="heatmap" style={{ gridTemplateColumns: `auto repeat(${xs.length}, minmax(3rem, 1fr))` }}>
      <div className="heatmap-corner">
        {spec.y} \ {spec.x}
      </div>
      {xs.map((x) => (
        <div key={x} className="heatmap-head">
          {x}
        </div>
      ))}
      {ys.map((y) => (
        <div key={y} className="heatmap-row">
          <div className="heatmap-head">{y}</div>
          {xs.map((x) => {
            const v = at.get(`${x}\u0000${y}`);
            return (
              <div
                key={x}
                className="heatmap-cell"
                title={`${spec.x}=${x}, ${spec.y}=${y}: ${v ?? "—"}`}
                style={v === undefined ? undefined : { background: `rgba(37, 99, 235, ${0.1 + 0.85 * shade(v)})`, color: shade(v) > 0.55 ? "#fff" : "#111" }}
              >
                {v === undefined ? "—" : Number.isInteger(v) ? v : v.toFixed(3)}
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}

// An interactive time-series chart (uPlot) that follows the page's theme and width.
import uPlot from "uplot";
import type { RenderSeries } from "../api";
import type { BandSeries } from "../landmines/model";
import { si } from "../format";
import { alignSeries, shortLabels, stackOrder } from "./renderData";

const PALETTE_LIGHT = ["#1f6fb2", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0f766e", "#a16207", "#be185d"];
const PALETTE_DARK = ["#60a5fa", "#fb923c", "#4ade80", "#c084fc", "#f87171", "#2dd4bf", "#facc15", "#f472b6"];

export interface ChartOptions {
  title: string;
  height?: number;
  /** Draw the series stacked (CPU states, memory). */
  stacked?: boolean;
  /** Keep the cursor (and drag zoom) in step with other charts of this key. */
  syncKey?: string;
  /** A sparkline: no axes, legend or cursor. */
  spark?: boolean;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function isDark(): boolean {
  return cssVar("--scheme") === "dark";
}

interface ZoomDetail {
  key: string;
  min: number;
  max: number;
}

/** Draws series into container; returns a function that removes the chart and its listeners. */
export function drawChart(container: HTMLElement, series: RenderSeries[], options: ChartOptions): () => void {
  const aligned = alignSeries(series);
  let labels = shortLabels(aligned.labels);
  let raw = aligned.columns;
  let columns = raw;
  if (options.stacked) {
    const order = stackOrder(labels);
    labels = order.map((i) => labels[i]!);
    raw = order.map((i) => aligned.columns[i]!);
    const sums: number[] = new Array<number>(aligned.times.length).fill(0);
    columns = raw.map((column) =>
      column.map((v, i) => {
        if (v === null) return sums[i]!;
        sums[i]! += v;
        return sums[i]!;
      }),
    );
  }
  let plot: uPlot | null = null;
  const build = () => {
    plot?.destroy();
    const palette = isDark() ? PALETTE_DARK : PALETTE_LIGHT;
    const axis = { stroke: cssVar("--text-dim"), grid: { stroke: cssVar("--grid"), width: 1 }, ticks: { stroke: cssVar("--grid") } };
    const colour = (i: number) => palette[i % palette.length]!;
    plot = new uPlot(
      {
        ...baseOptions(options, container, axis),
        series: [
          {},
          ...labels.map((label, i) => ({
            label,
            stroke: colour(i),
            width: options.stacked ? 1 : 1.5,
            ...(options.stacked
              ? {
                  ...(i === 0 ? { fill: `${colour(i)}55` } : {}),
                  // The legend shows the series' own value, not the stacked sum.
                  value: (_u: uPlot, _v: number | null, _s: number, idx: number | null) => (idx === null ? "--" : si(raw[i]![idx] ?? NaN)),
                }
              : { value: (_u: uPlot, v: number | null) => (v === null ? "--" : si(v)) }),
          })),
        ],
        // Stacked: each series fills down to the one below it.
        ...(options.stacked ? { bands: labels.slice(1).map((_, i) => ({ series: [i + 2, i + 1] as [number, number], fill: `${colour(i + 1)}55` })) } : {}),
      },
      [aligned.times, ...columns] as uPlot.AlignedData,
      container,
    );
  };
  build();
  return follow(container, options, build, () => plot);
}

function baseOptions(options: ChartOptions, container: HTMLElement, axis: uPlot.Axis): Omit<uPlot.Options, "series"> {
  const values = (_: uPlot, ticks: number[]) => ticks.map((t) => si(t));
  return {
    ...(options.spark ? {} : { title: options.title }),
    width: Math.max(options.spark ? 120 : 240, container.clientWidth),
    height: options.height ?? 220,
    cursor: options.spark ? { show: false } : { drag: { x: true, y: false }, ...(options.syncKey ? { sync: { key: options.syncKey } } : {}) },
    legend: { show: !options.spark },
    hooks: {
      setScale: [
        (u: uPlot, key: string) => {
          if (key !== "x" || u.scales.x!.min == null || u.scales.x!.max == null) return;
          const [min, max] = [u.scales.x!.min, u.scales.x!.max];
          container.dataset.from = String(Math.round(min));
          container.dataset.until = String(Math.round(max));
          // Zoom every chart of the same key to the same time range.
          if (options.syncKey) window.dispatchEvent(new CustomEvent<ZoomDetail>("mine:zoom", { detail: { key: options.syncKey, min, max } }));
        },
      ],
    },
    // Stacks start at zero: the total is what is read against the axis.
    scales: { x: { time: true }, ...(options.stacked ? { y: { range: (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, max > 0 ? max * 1.05 : 1] } } : {}) },
    axes: options.spark ? [{ show: false }, { show: false }] : [axis, { ...axis, values, size: 60 }],
  };
}

/** Follows the container's width and the theme; returns the disposer. */
function follow(container: HTMLElement, options: ChartOptions, build: () => void, plot: () => uPlot | null): () => void {
  const resize = new ResizeObserver(() => plot()?.setSize({ width: Math.max(options.spark ? 120 : 240, container.clientWidth), height: options.height ?? 220 }));
  resize.observe(container);
  window.addEventListener("mine:theme", build);
  const zoom = (event: Event) => {
    const { key, min, max } = (event as CustomEvent<ZoomDetail>).detail;
    const u = plot();
    if (!u || key !== options.syncKey || (u.scales.x!.min === min && u.scales.x!.max === max)) return;
    u.setScale("x", { min, max });
  };
  window.addEventListener("mine:zoom", zoom);
  return () => {
    resize.disconnect();
    window.removeEventListener("mine:theme", build);
    window.removeEventListener("mine:zoom", zoom);
    plot()?.destroy();
  };
}

/**
 * The group's min / max band (filled), its average (dashed) and the lines drawn over it (outliers, one host), as
 * band() and outliers() answer them.
 */
export function drawBandChart(container: HTMLElement, band: BandSeries, options: ChartOptions): () => void {
  const parts = [band.min, band.max, band.average].filter((s): s is RenderSeries => s !== undefined);
  const aligned = alignSeries([...parts, ...band.lines]);
  const lineLabels = band.lines.map((l) => l.target);
  let plot: uPlot | null = null;
  const build = () => {
    plot?.destroy();
    const palette = isDark() ? PALETTE_DARK : PALETTE_LIGHT;
    const dim = cssVar("--text-dim");
    const axis = { stroke: dim, grid: { stroke: cssVar("--grid"), width: 1 }, ticks: { stroke: cssVar("--grid") } };
    const bandFill = isDark() ? "rgba(148,163,184,0.28)" : "rgba(100,116,139,0.22)";
    const series: uPlot.Series[] = [{}];
    if (band.min) series.push({ label: "min", stroke: bandFill, width: 1 });
    if (band.max) series.push({ label: "max", stroke: bandFill, width: 1 });
    if (band.average) series.push({ label: "average", stroke: dim, width: 1, dash: [4, 3] });
    lineLabels.forEach((label, i) => series.push({ label, stroke: band.lines[i]?.tags?.["outlier"] === "below" ? palette[3]! : palette[(i + 1) % palette.length]!, width: 2 }));
    plot = new uPlot(
      {
        ...baseOptions(options, container, axis),
        series,
        ...(band.min && band.max ? { bands: [{ series: [2, 1], fill: bandFill }] } : {}),
      },
      [aligned.times, ...aligned.columns] as uPlot.AlignedData,
      container,
    );
  };
  build();
  return follow(container, options, build, () => plot);
}

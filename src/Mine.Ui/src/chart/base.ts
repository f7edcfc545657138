// What every chart shares: theme colours, the time axis (one time format, see time.ts), drag zoom kept in step
// across a page, and following the container's width, the theme and the time zone.
import uPlot from "uplot";
import { si } from "../format";
import { axisLabels, dateTime, zone } from "../time";

export const PALETTE_LIGHT = ["#1f6fb2", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0f766e", "#a16207", "#be185d"];
export const PALETTE_DARK = ["#60a5fa", "#fb923c", "#4ade80", "#c084fc", "#f87171", "#2dd4bf", "#facc15", "#f472b6"];

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

export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export function isDark(): boolean {
  return cssVar("--scheme") === "dark";
}

export function palette(): string[] {
  return isDark() ? PALETTE_DARK : PALETTE_LIGHT;
}

export function axisStyle(): uPlot.Axis {
  return { stroke: cssVar("--text-dim"), grid: { stroke: cssVar("--grid"), width: 1 }, ticks: { stroke: cssVar("--grid") } };
}

export interface ZoomDetail {
  key: string;
  min: number;
  max: number;
  /** Narrower than the emitting chart's own data: a zoom in, not the full view after a double-click. */
  zoomed: boolean;
}

/** The x series: times in the legend as everywhere else ("2026-12-07 14:05:30 CET"). */
export const timeSeries: uPlot.Series = { label: "Time", value: (_u: uPlot, v: number | null) => (v === null ? "--" : dateTime(v)) };

/** Minimum pixels between time ticks: "14:05" and its date line "7 Dec" fit with room to spare at any width. */
export const TIME_TICK_SPACE = 64;

const TIME_AXIS_FONT = "12px system-ui, -apple-system, sans-serif";

/** The smallest gap between the widest lines of adjacent time labels (negative: they overlap). */
function tickGap(u: uPlot, ticks: readonly number[], labels: readonly string[]): number {
  if (ticks.length < 2) return Infinity;
  const ctx = u.ctx;
  ctx.save();
  ctx.font = TIME_AXIS_FONT;
  const half = labels.map((label) => Math.max(...label.split("\n").map((line) => ctx.measureText(line).width)) / 2);
  ctx.restore();
  let gap = Infinity;
  for (let i = 1; i < ticks.length; i++) {
    const left = u.valToPos(ticks[i - 1]!, "x") + half[i - 1]!;
    const right = u.valToPos(ticks[i]!, "x") - half[i]!;
    gap = Math.min(gap, right - left);
  }
  return gap;
}

export function baseOptions(options: ChartOptions, container: HTMLElement, axis: uPlot.Axis): Omit<uPlot.Options, "series"> {
  const values = (_: uPlot, ticks: number[]) => ticks.map((t) => si(t));
  let drawnTicks: { ticks: number[]; labels: string[] } = { ticks: [], labels: [] };
  const timeAxis: uPlot.Axis = {
    ...axis,
    font: TIME_AXIS_FONT,
    space: TIME_TICK_SPACE,
    values: (_u: uPlot, ticks: number[], _axis: number, _space: number, increment: number) => {
      const labels = axisLabels(ticks, increment);
      drawnTicks = { ticks, labels };
      return labels;
    },
  };
  return {
    ...(options.spark ? {} : { title: options.title }),
    width: Math.max(options.spark ? 120 : 240, container.clientWidth),
    height: options.height ?? 220,
    // Ticks fall on whole hours and days of the zone the times are written in.
    ...(zone() === "utc" ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC") } : {}),
    cursor: options.spark ? { show: false } : { drag: { x: true, y: false }, ...(options.syncKey ? { sync: { key: options.syncKey } } : {}) },
    legend: { show: !options.spark },
    hooks: {
      setScale: [
        (u: uPlot, key: string) => {
          if (key !== "x" || u.scales.x!.min == null || u.scales.x!.max == null) return;
          const [min, max] = [u.scales.x!.min, u.scales.x!.max];
          container.dataset.from = String(Math.round(min));
          container.dataset.until = String(Math.round(max));
          // Zoom every chart of the same key to the same time range: only a zoom the reader made (after the first
          // draw), never a chart's own first range, which would give charts that load later a range that is not
          // theirs (a stack that ends at its newest complete interval would show a blank edge).
          if (!options.syncKey || u.status !== 1) return;
          const times = u.data[0];
          const zoomed = times.length > 0 && (min > times[0]! || max < times[times.length - 1]!);
          window.dispatchEvent(new CustomEvent<ZoomDetail>("mine:zoom", { detail: { key: options.syncKey, min, max, zoomed } }));
        },
      ],
      // The narrowest free space between two time labels, in CSS pixels (the browser tests check it stays positive).
      draw: options.spark ? [] : [(u: uPlot) => (container.dataset.tickGap = String(Math.round(tickGap(u, drawnTicks.ticks, drawnTicks.labels))))],
    },
    // Stacks start at zero: the total is what is read against the axis.
    scales: { x: { time: true }, ...(options.stacked ? { y: { range: (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, max > 0 ? max * 1.05 : 1] } } : {}) },
    axes: options.spark ? [{ show: false }, { show: false }] : [timeAxis, { ...axis, values, size: 60 }],
  };
}

/** Follows the container's width and the theme (a change of time zone opens the page again); returns the disposer. */
export function follow(container: HTMLElement, options: ChartOptions, build: () => void, plot: () => uPlot | null): () => void {
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

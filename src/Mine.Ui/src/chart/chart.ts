// An interactive time-series chart (uPlot) that follows the page's theme and width.
import uPlot from "uplot";
import type { RenderSeries } from "../api";
import { alignSeries, shortLabels } from "./renderData";

const PALETTE_LIGHT = ["#1f6fb2", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0f766e", "#a16207", "#be185d"];
const PALETTE_DARK = ["#60a5fa", "#fb923c", "#4ade80", "#c084fc", "#f87171", "#2dd4bf", "#facc15", "#f472b6"];

export interface ChartOptions {
  title: string;
  height?: number;
  /** Draw the series stacked (CPU states, memory). */
  stacked?: boolean;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function isDark(): boolean {
  return cssVar("--scheme") === "dark";
}

/** Draws series into container; returns a function that removes the chart and its listeners. */
export function drawChart(container: HTMLElement, series: RenderSeries[], options: ChartOptions): () => void {
  const aligned = alignSeries(series);
  const labels = shortLabels(aligned.labels);
  let columns = aligned.columns;
  if (options.stacked) {
    const sums: number[] = new Array<number>(aligned.times.length).fill(0);
    columns = columns.map((column) =>
      column.map((v, i) => {
        if (v === null) return null;
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
    plot = new uPlot(
      {
        title: options.title,
        width: Math.max(240, container.clientWidth),
        height: options.height ?? 220,
        cursor: { drag: { x: true, y: false } },
        scales: { x: { time: true } },
        axes: [axis, axis],
        series: [
          {},
          ...labels.map((label, i) => ({
            label,
            stroke: palette[i % palette.length]!,
            width: 1.5,
            ...(options.stacked ? { fill: `${palette[i % palette.length]!}33` } : {}),
          })),
        ],
      },
      [aligned.times, ...columns] as uPlot.AlignedData,
      container,
    );
  };
  build();
  const resize = new ResizeObserver(() => plot?.setSize({ width: Math.max(240, container.clientWidth), height: options.height ?? 220 }));
  resize.observe(container);
  window.addEventListener("mine:theme", build);
  return () => {
    resize.disconnect();
    window.removeEventListener("mine:theme", build);
    plot?.destroy();
  };
}

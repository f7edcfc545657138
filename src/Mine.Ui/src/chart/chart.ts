// An interactive time-series chart (uPlot) that follows the page's theme and width.
import uPlot from "uplot";
import type { RenderSeries } from "../api";
import { si } from "../format";
import { axisStyle, baseOptions, follow, palette, timeSeries, type ChartOptions } from "./base";
import { alignSeries, shortLabels, stackColumns, stackOrder } from "./renderData";

export type { ChartOptions, ZoomDetail } from "./base";
export { drawBandChart } from "./band";

/** Draws series into container; returns a function that removes the chart and its listeners. */
export function drawChart(container: HTMLElement, series: RenderSeries[], options: ChartOptions): () => void {
  const aligned = alignSeries(series);
  let labels = shortLabels(aligned.labels);
  let times = aligned.times;
  let raw = aligned.columns;
  let columns = raw;
  if (options.stacked) {
    const order = stackOrder(labels);
    labels = order.map((i) => labels[i]!);
    raw = order.map((i) => aligned.columns[i]!);
    const stacked = stackColumns(raw);
    // The interval still being filled is cut off: the graph ends at the newest complete one.
    const end = times.length - stacked.trimmed;
    times = times.slice(0, end);
    raw = raw.map((column) => column.slice(0, end));
    columns = stacked.sums.map((column) => column.slice(0, end));
    container.dataset.trimmed = String(stacked.trimmed);
  }
  let plot: uPlot | null = null;
  const build = () => {
    plot?.destroy();
    const colours = palette();
    const colour = (i: number) => colours[i % colours.length]!;
    plot = new uPlot(
      {
        ...baseOptions(options, container, axisStyle()),
        series: [
          timeSeries,
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
      [times, ...columns] as uPlot.AlignedData,
      container,
    );
  };
  build();
  return follow(container, options, build, () => plot);
}

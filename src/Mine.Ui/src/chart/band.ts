// A group's band: min to max over the members in line (the landmines are left out of it by inliers()), the median
// dashed, and each outlier a labelled line over it, named at its newest point.
import uPlot from "uplot";
import type { BandSeries } from "../landmines/model";
import { lineLabel } from "../landmines/model";
import { si } from "../format";
import { axisStyle, baseOptions, cssVar, follow, isDark, palette, timeSeries, type ChartOptions } from "./base";
import { alignSeries } from "./renderData";

export function drawBandChart(container: HTMLElement, band: BandSeries, options: ChartOptions): () => void {
  const parts = [band.min, band.max, band.median].filter((s) => s !== undefined);
  const aligned = alignSeries([...parts, ...band.lines]);
  const labels = band.lines.map(lineLabel);
  const firstLine = parts.length + 1;
  let plot: uPlot | null = null;
  const build = () => {
    plot?.destroy();
    const colours = palette();
    const dim = cssVar("--text-dim");
    const bandFill = isDark() ? "rgba(148,163,184,0.28)" : "rgba(100,116,139,0.22)";
    const value = (_u: uPlot, v: number | null) => (v === null ? "--" : si(v));
    const series: uPlot.Series[] = [timeSeries];
    if (band.min) series.push({ label: "min (in line)", stroke: bandFill, width: 1, value });
    if (band.max) series.push({ label: "max (in line)", stroke: bandFill, width: 1, value });
    if (band.median) series.push({ label: "median", stroke: dim, width: 1, dash: [4, 3], value });
    const lineColours = band.lines.map((line, i) => (line.tags?.["outlier"] === "below" ? colours[3]! : colours[[1, 4, 6, 7, 0][i % 5]!]!));
    labels.forEach((label, i) => series.push({ label, stroke: lineColours[i]!, width: 2, value }));
    const base = baseOptions(options, container, axisStyle());
    plot = new uPlot(
      {
        ...base,
        series,
        ...(band.min && band.max ? { bands: [{ series: [2, 1], fill: bandFill }] } : {}),
        ...(options.spark ? {} : { hooks: { ...base.hooks, draw: [...(base.hooks?.draw ?? []), (u: uPlot) => nameLines(u, band.lines.map((l) => l.target), firstLine, lineColours)] } }),
      },
      [aligned.times, ...aligned.columns] as uPlot.AlignedData,
      container,
    );
  };
  build();
  return follow(container, options, build, () => plot);
}

/** Writes each line's name beside its newest point, so an outlier is named on the graph, not only in the legend. */
function nameLines(u: uPlot, names: readonly string[], first: number, colours: readonly string[]): void {
  const ctx = u.ctx;
  const ratio = window.devicePixelRatio || 1;
  ctx.save();
  ctx.font = `600 ${Math.round(11 * ratio)}px system-ui, sans-serif`;
  ctx.textBaseline = "bottom";
  ctx.textAlign = "right";
  names.forEach((name, i) => {
    const column = u.data[first + i];
    if (!column) return;
    let idx = column.length - 1;
    while (idx >= 0 && (column[idx] === null || column[idx] === undefined)) idx--;
    if (idx < 0) return;
    const x = Math.min(u.valToPos(u.data[0][idx]!, "x", true), u.bbox.left + u.bbox.width - 2 * ratio);
    const y = Math.max(u.valToPos(column[idx]!, "y", true) - 3 * ratio, u.bbox.top + 12 * ratio);
    ctx.fillStyle = colours[i]!;
    ctx.fillText(name, x, y);
  });
  ctx.restore();
}

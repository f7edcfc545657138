// Graphite render JSON → uPlot's aligned columns.
import type { RenderSeries } from "../api";

export interface AlignedSeries {
  /** Unix seconds, ascending, the union of every series' timestamps. */
  times: number[];
  /** One column per series, aligned with times; null where a series has no value. */
  columns: (number | null)[][];
  labels: string[];
}

/** Aligns series that may have different steps or ranges on the union of their timestamps. */
export function alignSeries(series: readonly RenderSeries[]): AlignedSeries {
  const timeSet = new Set<number>();
  for (const s of series) for (const [, t] of s.datapoints) timeSet.add(t);
  const times = [...timeSet].sort((a, b) => a - b);
  const index = new Map<number, number>();
  times.forEach((t, i) => index.set(t, i));
  const columns = series.map((s) => {
    const column: (number | null)[] = new Array<number | null>(times.length).fill(null);
    for (const [v, t] of s.datapoints) column[index.get(t)!] = v === null || !Number.isFinite(v) ? null : v;
    return column;
  });
  return { times, columns, labels: series.map((s) => s.target) };
}

/** Short legend labels: the nodes that differ between targets (web-001.load.load.shortterm → shortterm). */
export function shortLabels(targets: readonly string[]): string[] {
  if (targets.length < 2) return targets.map((t) => t.split(".").pop() ?? t);
  const split = targets.map((t) => t.split("."));
  const width = Math.max(...split.map((s) => s.length));
  const varying: number[] = [];
  for (let i = 0; i < width; i++) {
    const first = split[0]![i];
    if (split.some((s) => s[i] !== first)) varying.push(i);
  }
  if (varying.length === 0) return [...targets];
  return split.map((s) => varying.map((i) => s[i] ?? "").join("."));
}

/** Bottom-to-top order of stacked collectd states: work first, idle / free on top. Unknown states sit in between, by name. */
const STACK_BOTTOM = ["user", "system", "wait", "nice", "interrupt", "softirq", "steal", "used", "buffered", "cached", "slab_recl", "slab_unrecl", "running", "sleeping", "blocked", "stopped", "paging", "zombies"];
const STACK_TOP = ["reserved", "idle", "free"];

/** The order to stack series with these labels in ("cpu-idle" ranks as "idle"): the index of each in turn. */
export function stackOrder(labels: readonly string[]): number[] {
  const rank = (label: string) => {
    const state = label.slice(Math.max(label.lastIndexOf("-"), label.lastIndexOf(".")) + 1);
    const bottom = STACK_BOTTOM.indexOf(state);
    if (bottom >= 0) return bottom;
    const top = STACK_TOP.indexOf(state);
    return top >= 0 ? 1000 + top : 500;
  };
  return labels.map((label, i) => ({ i, r: rank(label), label })).sort((a, b) => a.r - b.r || a.label.localeCompare(b.label)).map((x) => x.i);
}

export interface Stacked {
  /** Per series, the running sum from the bottom up to and including it; null where that sum is not known. */
  sums: (number | null)[][];
  /** How many trailing timestamps were left out of the stack because not every series had reported yet. */
  trimmed: number;
}

/**
 * Stacks columns (bottom first). A missing value is a gap, never a zero: where a series has no value, its sum and
 * every sum above it are unknown (adding nothing would draw the areas above it down to the ones below, and the bottom
 * one to zero). The last interval is often still being filled: some or all series have not reported it yet, so the
 * trailing timestamps where any series is missing are left out of the stack entirely. A series with no value in
 * the whole range is not part of the stack (it would otherwise blank every timestamp).
 */
export function stackColumns(columns: readonly (readonly (number | null)[])[]): Stacked {
  const length = columns[0]?.length ?? 0;
  const present = columns.map((column) => column.some((v) => v !== null));
  const complete = (i: number) => columns.every((column, k) => !present[k] || column[i] !== null);
  let end = length;
  while (end > 0 && !complete(end - 1)) end--;
  // Nothing complete at all (a stack whose series never report together): keep what there is, with gaps.
  if (end === 0) end = length;
  const sums = columns.map(() => new Array<number | null>(length).fill(null));
  for (let i = 0; i < end; i++) {
    let sum: number | null = 0;
    columns.forEach((column, k) => {
      const v = column[i] ?? null;
      if (present[k]) sum = sum === null || v === null ? null : sum + v;
      sums[k]![i] = sum;
    });
  }
  return { sums, trimmed: length - end };
}

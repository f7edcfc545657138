// How the landmines are presented: one row per host (its worst metric first), ranked, with words for the numbers.
import type { LandmineEvidence, LandmineInfo, LandminesAnswer, RenderSeries, TrendInfo } from "../api";

/** One metric that makes a host a landmine, with the host's side on it. */
export interface MetricLandmine extends LandmineEvidence {
  group: string;
  side: "above" | "below";
  /** |score| */
  severity: number;
}

/** One row of the Landmines page: a host, why it is listed, and what to draw. */
export interface LandmineRow {
  host: string;
  group: string;
  kind: "level" | "trend" | "stale";
  side: "above" | "below" | null;
  /** A level row's |combined or worst score|; 0 for the others. */
  severity: number;
  /** Level: longest beyond k; stale: silent for; trend: 0. */
  beyondSeconds: number;
  combined: boolean;
  reason: string;
  /** Level: the metrics behind it, most telling first. */
  metrics: MetricLandmine[];
  /** The host's trends (disk full, memory growing), soonest first. */
  trends: TrendInfo[];
}

/** Severity levels, the same cut-offs as the Fleet tiles (3, 4.5, 6). */
export function severityLevel(severity: number): 1 | 2 | 3 {
  return severity >= 6 ? 3 : severity >= 4.5 ? 2 : 1;
}

/** The metrics behind a level landmine, each with its side: the combined verdict's side, else the score's sign. */
export function metricsOf(l: LandmineInfo): MetricLandmine[] {
  return l.evidence.map((e) => ({ ...e, group: l.group, side: l.combined && l.side ? l.side : e.score >= 0 ? "above" : "below", severity: Math.abs(e.score) }));
}

const soonest = (a: TrendInfo, b: TrendInfo) => (a.expectedAt ?? Infinity) - (b.expectedAt ?? Infinity) || a.subject.localeCompare(b.subject);

/**
 * The page's rows, one per host: level landmines ranked by severity, then duration, then name; then hosts on their
 * way to a limit, soonest first; then stale hosts, silent longest first. A host's trends join its level or stale row.
 */
export function landmineRows(answer: Pick<LandminesAnswer, "landmines" | "trends">, now: number): LandmineRow[] {
  const rows = new Map<string, LandmineRow>();
  for (const l of answer.landmines) {
    const stale = l.kind === "stale";
    rows.set(l.host, {
      host: l.host,
      group: l.group,
      kind: stale ? "stale" : "level",
      side: stale ? null : l.side,
      severity: stale ? 0 : l.severity,
      beyondSeconds: stale ? Math.max(0, now - l.since) : l.beyondSeconds,
      combined: l.combined,
      reason: l.reason,
      metrics: stale ? [] : metricsOf(l),
      trends: [],
    });
  }
  for (const t of [...(answer.trends ?? [])].sort(soonest)) {
    let row = rows.get(t.host);
    if (!row) rows.set(t.host, (row = { host: t.host, group: t.group, kind: "trend", side: null, severity: 0, beyondSeconds: 0, combined: false, reason: "", metrics: [], trends: [] }));
    row.trends.push(t);
    row.reason = row.reason ? `${row.reason}; ${t.evidence}` : t.evidence;
  }
  const rank = { level: 0, trend: 1, stale: 2 } as const;
  return [...rows.values()].sort((a, b) => {
    if (a.kind !== b.kind) return rank[a.kind] - rank[b.kind];
    if (a.kind === "trend") return soonest(a.trends[0]!, b.trends[0]!) || a.host.localeCompare(b.host);
    return b.severity - a.severity || b.beyondSeconds - a.beyondSeconds || a.host.localeCompare(b.host);
  });
}

/** "in 6.0 h (14:05)" / "growing against its group": when a trend reaches its limit, for people. */
export function trendLabel(t: Pick<TrendInfo, "expectedAt">, now: number, clock: (unix: number) => string): string {
  if (t.expectedAt === null) return "growing against its group";
  const hours = (t.expectedAt - now) / 3600;
  if (hours <= 0) return "at its limit now";
  const words = hours < 1 ? `in ${Math.max(1, Math.round(hours * 60))} min` : `in ${hours < 10 ? hours.toFixed(1) : Math.round(hours)} h`;
  return `${words} (${clock(t.expectedAt)})`;
}

/** "over-working" / "under-working". */
export const sideLabel = (side: "above" | "below"): string => (side === "above" ? "over-working" : "under-working");

/** How long beyond k, in words; at the evaluated range's end it says "over". */
export function durationLabel(seconds: number, rangeSeconds: number): string {
  if (seconds <= 0) return "not now";
  const words = (s: number) => (s < 90 ? `${Math.round(s)} s` : s < 3600 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`);
  return seconds >= rangeSeconds - 60 ? `over ${words(rangeSeconds)}` : words(seconds);
}

/** "+6.3σ" / "−9.9σ": a signed robust score for people (σ: the scaled MAD). */
export function scoreLabel(score: number): string {
  const sign = score > 0 ? "+" : score < 0 ? "−" : "";
  return `${sign}${Math.abs(score) >= 100 ? Math.round(Math.abs(score)) : Math.abs(score).toFixed(1)}σ`;
}

export interface BandSeries {
  min: RenderSeries | undefined;
  median: RenderSeries | undefined;
  average: RenderSeries | undefined;
  max: RenderSeries | undefined;
  /** Every other series (outliers, the host). */
  lines: RenderSeries[];
}

/** Splits a render answer into the band (tagged band=min|median|average|max by band()) and the lines drawn over it. */
export function splitBand(series: readonly RenderSeries[]): BandSeries {
  const result: BandSeries = { min: undefined, median: undefined, average: undefined, max: undefined, lines: [] };
  for (const s of series) {
    const part = s.tags?.["band"];
    if (part === "min" || part === "median" || part === "average" || part === "max") result[part] = s;
    else result.lines.push(s);
  }
  return result;
}

/** A line over the band in the legend: the host, and its side when outliers() tagged one ("web-007 (over)"). */
export function lineLabel(series: Pick<RenderSeries, "target" | "tags">): string {
  const side = series.tags?.["outlier"];
  return side === "above" ? `${series.target} (over)` : side === "below" ? `${series.target} (under)` : series.target;
}

export interface RankedMember {
  host: string;
  /** The signed score of the member's most deviating metric; null when no metric scored it. */
  worst: number | null;
  worstMetric: string;
  /** One score per metric, in the metrics' order. */
  scores: (number | null)[];
  outlier: boolean;
  outlierMetrics: Set<string>;
}

/** The group's members ranked by their largest |score| over the metrics (unscored members last, by name). */
export function rankMembers(metrics: readonly { id: string; members: readonly { host: string; score: number; outlier: boolean }[] }[], hosts: readonly string[]): RankedMember[] {
  const rows = new Map<string, RankedMember>();
  for (const host of hosts) rows.set(host, { host, worst: null, worstMetric: "", scores: metrics.map(() => null), outlier: false, outlierMetrics: new Set() });
  metrics.forEach((metric, i) => {
    for (const m of metric.members) {
      let row = rows.get(m.host);
      if (!row) rows.set(m.host, (row = { host: m.host, worst: null, worstMetric: "", scores: metrics.map(() => null), outlier: false, outlierMetrics: new Set() }));
      row.scores[i] = m.score;
      if (row.worst === null || Math.abs(m.score) > Math.abs(row.worst)) {
        row.worst = m.score;
        row.worstMetric = metric.id;
      }
      if (m.outlier) {
        row.outlier = true;
        row.outlierMetrics.add(metric.id);
      }
    }
  });
  const natural = new Intl.Collator("en", { numeric: true }).compare;
  return [...rows.values()].sort((a, b) => {
    if (a.worst === null || b.worst === null) return a.worst === null && b.worst === null ? natural(a.host, b.host) : a.worst === null ? 1 : -1;
    return Math.abs(b.worst) - Math.abs(a.worst) || natural(a.host, b.host);
  });
}

/** Where a host stands against its group's band at the newest time both have values. */
export interface Standing {
  time: number;
  value: number;
  median: number;
  /** The band over the members in line. */
  min: number;
  max: number;
}

/** The newest timestamp at which the host's series and the band's median, min and max all have a value. */
export function standingAt(band: BandSeries, host: Pick<RenderSeries, "datapoints">): Standing | null {
  if (!band.median || !band.min || !band.max) return null;
  const at = (s: RenderSeries) => new Map(s.datapoints.filter(([v]) => v !== null && Number.isFinite(v)).map(([v, t]) => [t, v as number]));
  const [median, min, max] = [at(band.median), at(band.min), at(band.max)];
  for (let i = host.datapoints.length - 1; i >= 0; i--) {
    const [value, time] = host.datapoints[i]!;
    if (value === null || !Number.isFinite(value)) continue;
    const m = median.get(time), lo = min.get(time), hi = max.get(time);
    if (m !== undefined && lo !== undefined && hi !== undefined) return { time, value, median: m, min: lo, max: hi };
  }
  return null;
}

/** "4.21 against the group's median 1.75 (2.4×); the members in line are between 1.5 and 1.98". */
export function standingText(s: Standing, format: (n: number) => string): string {
  const ratio = s.median > 0 && s.value >= 0 ? ` (${ratioLabel(s.value / s.median)})` : "";
  return `${format(s.value)} against the group's median ${format(s.median)}${ratio}; the members in line are between ${format(s.min)} and ${format(s.max)}`;
}

/** 2.4 → "2.4×", 0.12 → "0.12×", 31 → "31×". */
export function ratioLabel(ratio: number): string {
  return `${ratio >= 10 ? Math.round(ratio) : ratio >= 1 ? ratio.toFixed(1) : ratio.toPrecision(2)}×`;
}

import { describe, expect, it } from "vitest";
import type { LandmineInfo, RenderSeries, TrendInfo } from "../src/api";
import { durationLabel, landmineRows, metricsOf, trendLabel, lineLabel, rankMembers, ratioLabel, scoreLabel, severityLevel, sideLabel, splitBand, standingAt, standingText } from "../src/landmines/model";

const evidence = (metric: string, score: number, beyond = true) => ({
  metric,
  title: metric,
  score,
  ratioToGroup: 1,
  ratioToNormal: null,
  beyondSeconds: beyond ? 600 : 0,
  beyond,
  hostTarget: `h.${metric}`,
  membersTarget: "",
  bandTarget: "",
});

const mine = (host: string, severity: number, beyondSeconds: number, side: "above" | "below" = "above", metrics = ["cpu"]): LandmineInfo => ({
  host,
  group: host.split("-")[0]!,
  kind: "level",
  side,
  combined: false,
  severity,
  score: side === "above" ? severity : -severity,
  since: 0,
  reason: `${metrics[0]} off`,
  beyondSeconds,
  evidence: metrics.map((m, i) => evidence(m, (side === "above" ? 1 : -1) * (severity - i))),
});

const stale = (host: string, since: number): LandmineInfo => ({ host, group: "web", kind: "stale", side: null, combined: false, severity: 0, score: null, since, reason: "stopped sending", beyondSeconds: 0, evidence: [] });

const trend = (host: string, expectedAt: number | null, subject = "/"): TrendInfo => ({
  kind: "trend",
  host,
  group: "db",
  metric: "df",
  title: `Disk ${subject}`,
  subject,
  unit: "bytes",
  limit: 100,
  level: 90,
  ratePerHour: 2,
  expectedAt,
  confidence: 0.9,
  since: 0,
  windowSeconds: 21600,
  evidence: `${subject} fills at 2 bytes/h`,
  usedTarget: "u",
  limitTarget: "l",
  timeToLimitTarget: "t",
});

describe("landmine presentation", () => {
  it("one row per host: levels by severity then duration then name, then trends soonest first, then stale longest silent", () => {
    const rows = landmineRows(
      {
        landmines: [mine("web-007", 12, 600, "above", ["memory", "load"]), stale("web-009", 500), mine("db-005", 14, 3600), mine("web-042", 9, 60, "below"), stale("web-001", 100), mine("app-013", 9, 1200), mine("cache-009", 9, 1200, "below")],
        trends: [trend("db-002", 5000), trend("db-001", 3000), trend("web-007", 9000, "/var"), trend("db-003", null)],
      },
      1000,
    );
    expect(rows.map((r) => r.host)).toEqual(["db-005", "web-007", "app-013", "cache-009", "web-042", "db-001", "db-002", "db-003", "web-001", "web-009"]);
    const web = rows[1]!;
    expect(web.metrics.map((m) => m.metric)).toEqual(["memory", "load"]);
    expect(web.severity).toBe(12);
    expect(web.trends.map((t) => t.subject)).toEqual(["/var"]);
    expect(web.reason).toBe("memory off; /var fills at 2 bytes/h");
    expect(rows[3]!.side).toBe("below");
    expect(rows[8]!).toMatchObject({ kind: "stale", beyondSeconds: 900, side: null, metrics: [] });
    expect(rows[5]!).toMatchObject({ kind: "trend", severity: 0 });
  });

  it("gives each metric its side: the score's sign, or the combined verdict's side", () => {
    expect(metricsOf(mine("web-1", 5, 60, "below", ["cpu"])).map((m) => [m.side, m.severity])).toEqual([["below", 5]]);
    const combined: LandmineInfo = { ...mine("web-2", 3.6, 900, "below", ["cpu", "load"]), combined: true, evidence: [evidence("cpu", -1.8, false), evidence("load", 0.2, false)] };
    expect(metricsOf(combined).map((m) => m.side)).toEqual(["below", "below"]);
  });

  it("says when a trend reaches its limit", () => {
    const clock = (t: number) => `@${t}`;
    expect(trendLabel({ expectedAt: null }, 0, clock)).toBe("growing against its group");
    expect(trendLabel({ expectedAt: -5 }, 0, clock)).toBe("at its limit now");
    expect(trendLabel({ expectedAt: 600 }, 0, clock)).toBe("in 10 min (@600)");
    expect(trendLabel({ expectedAt: 6 * 3600 }, 0, clock)).toBe("in 6.0 h (@21600)");
    expect(trendLabel({ expectedAt: 20 * 3600 }, 0, clock)).toBe("in 20 h (@72000)");
  });

  it("uses the Fleet tiles' severity levels and words", () => {
    expect([3.2, 4.5, 5.9, 6, 40].map(severityLevel)).toEqual([1, 2, 2, 3, 3]);
    expect(sideLabel("above")).toBe("over-working");
    expect(sideLabel("below")).toBe("under-working");
    expect(scoreLabel(6.31)).toBe("+6.3σ");
    expect(scoreLabel(-9.9)).toBe("−9.9σ");
    expect(scoreLabel(1e6)).toBe("+1000000σ");
  });

  it("says how long in words, and 'over' the evaluated range when it is as old as the data looked at", () => {
    expect(durationLabel(0, 3600)).toBe("not now");
    expect(durationLabel(45, 3600)).toBe("45 s");
    expect(durationLabel(1260, 3600)).toBe("21 min");
    expect(durationLabel(3540, 3600)).toBe("over 1 h");
  });

  it("splits band() answers from the lines drawn over them", () => {
    const s = (target: string, tags?: Record<string, string>): RenderSeries => ({ target, datapoints: [], ...(tags ? { tags } : {}) });
    const band = splitBand([s("minSeries(x)", { band: "min" }), s("medianSeries(x)", { band: "median" }), s("averageSeries(x)", { band: "average" }), s("maxSeries(x)", { band: "max" }), s("web-007", { outlier: "above" })]);
    expect(band.min?.target).toBe("minSeries(x)");
    expect(band.median?.target).toBe("medianSeries(x)");
    expect(band.max?.target).toBe("maxSeries(x)");
    expect(band.average?.target).toBe("averageSeries(x)");
    expect(band.lines.map((l) => l.target)).toEqual(["web-007"]);
    expect(splitBand([]).lines).toEqual([]);
  });

  it("ranks a group's members by their most deviating metric, unscored members last", () => {
    const rows = rankMembers(
      [
        { id: "load", members: [{ host: "web-7", score: 10, outlier: true }, { host: "web-2", score: -1, outlier: false }, { host: "web-10", score: 0.5, outlier: false }] },
        { id: "cpu", members: [{ host: "web-2", score: -4, outlier: true }, { host: "web-7", score: 2, outlier: false }] },
      ],
      ["web-1", "web-2", "web-7", "web-10", "web-3"],
    );
    expect(rows.map((r) => r.host)).toEqual(["web-7", "web-2", "web-10", "web-1", "web-3"]);
    expect(rows[1]).toMatchObject({ worst: -4, worstMetric: "cpu", scores: [-1, -4], outlier: true });
    expect([...rows[1]!.outlierMetrics]).toEqual(["cpu"]);
    expect(rows[3]).toMatchObject({ worst: null, scores: [null, null], outlier: false });
  });
});

describe("a host against its group's band", () => {
  const series = (target: string, values: (number | null)[], tags?: Record<string, string>): RenderSeries => ({ target, datapoints: values.map((v, i) => [v, 60 * i] as [number | null, number]), ...(tags ? { tags } : {}) });
  const band = splitBand([
    series("minSeries(x)", [1.5, 1.6, 1.5, null], { band: "min" }),
    series("medianSeries(x)", [1.7, 1.75, 1.8, null], { band: "median" }),
    series("maxSeries(x)", [1.9, 1.98, 2.0, null], { band: "max" }),
  ]);

  it("names the outliers drawn over the band with their side", () => {
    expect(lineLabel(series("web-007", [], { outlier: "above" }))).toBe("web-007 (over)");
    expect(lineLabel(series("web-042", [], { outlier: "below" }))).toBe("web-042 (under)");
    expect(lineLabel(series("web-001", []))).toBe("web-001");
  });

  it("stands at the newest time the host and the band both have", () => {
    // The host's newest point (t=180) has no band yet; t=120 has both.
    const standing = standingAt(band, series("web-007", [4, 4.1, 4.2, 4.3]));
    expect(standing).toEqual({ time: 120, value: 4.2, median: 1.8, min: 1.5, max: 2.0 });
    expect(standingText(standing!, (n) => String(n))).toBe("4.2 against the group's median 1.8 (2.3×); the members in line are between 1.5 and 2");
    expect(standingAt(band, series("web-007", [null, null, null, null]))).toBeNull();
    expect(standingAt(splitBand([]), series("web-007", [1]))).toBeNull();
  });

  it("writes ratios for people", () => {
    expect(ratioLabel(2.4)).toBe("2.4×");
    expect(ratioLabel(0.12)).toBe("0.12×");
    expect(ratioLabel(31.4)).toBe("31×");
  });
});

import { describe, expect, it } from "vitest";
import type { LandmineInfo, RenderSeries } from "../src/api";
import { byHost, durationLabel, lineLabel, rankMembers, ratioLabel, scoreLabel, severityLevel, sideLabel, splitBand, standingAt, standingText } from "../src/landmines/model";

const mine = (host: string, metric: string, severity: number, beyondSeconds: number, side: "above" | "below" = "above"): LandmineInfo => ({
  host,
  group: host.split("-")[0]!,
  metric,
  title: metric,
  side,
  severity,
  score: side === "above" ? severity : -severity,
  beyondSeconds,
  hostTarget: "",
  membersTarget: "",
  bandTarget: "",
});

describe("landmine presentation", () => {
  it("one row per host, worst metric first, ranked by severity then duration then name", () => {
    const rows = byHost([
      mine("web-007", "load", 10, 600),
      mine("db-005", "cpu", 14, 3600),
      mine("web-007", "memory", 12, 300),
      mine("web-042", "cpu", 9, 60, "below"),
      mine("app-013", "cpu", 9, 1200),
      mine("cache-009", "cpu", 9, 1200, "below"),
    ]);
    expect(rows.map((r) => r.host)).toEqual(["db-005", "web-007", "app-013", "cache-009", "web-042"]);
    const web = rows[1]!;
    expect(web.metrics.map((m) => m.metric)).toEqual(["memory", "load"]);
    expect(web.severity).toBe(12);
    expect(web.beyondSeconds).toBe(600);
    expect(rows[3]!.side).toBe("below");
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

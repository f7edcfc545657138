import { describe, expect, it } from "vitest";
import type { HostInfo } from "../src/api";
import { compileQuery, countFleet, groupHosts, naturalCompare, OUTLIER_THRESHOLD, stateMatches, tileOf } from "../src/fleet/model";

function host(name: string, group: string, extra: Partial<HostInfo> = {}): HostInfo {
  return {
    name,
    group,
    firstSeen: 0,
    lastSeen: 100,
    stale: false,
    staleAfter: 30,
    interval: 10,
    source: "collectd",
    seriesRoot: name,
    plugins: [],
    outlierScore: null,
    verdict: null,
    side: null,
    ...extra,
  };
}

describe("tile state", () => {
  it("follows the Landmines page's verdict when there is one", () => {
    expect(tileOf({ stale: false, outlierScore: 2.1, verdict: "level", side: "below" })).toEqual({ state: "under", level: 1 });
    expect(tileOf({ stale: false, outlierScore: 7, verdict: "level", side: "above" })).toEqual({ state: "over", level: 3 });
    expect(tileOf({ stale: false, outlierScore: 3.5, verdict: "ok", side: null })).toEqual({ state: "ok", level: 0 });
    expect(tileOf({ stale: false, outlierScore: 0.4, verdict: "trend", side: null })).toEqual({ state: "trend", level: 1 });
    expect(tileOf({ stale: false, outlierScore: null, verdict: "stale", side: null })).toEqual({ state: "stale", level: 0 });
    expect(stateMatches(tileOf({ stale: false, outlierScore: 0, verdict: "trend", side: null }), "outliers")).toBe(true);
  });

  it("is ok without a score, and while the score is under the threshold", () => {
    expect(tileOf({ stale: false, outlierScore: null })).toEqual({ state: "ok", level: 0 });
    expect(tileOf({ stale: false, outlierScore: 2.9 })).toEqual({ state: "ok", level: 0 });
    expect(tileOf({ stale: false, outlierScore: -2.99 })).toEqual({ state: "ok", level: 0 });
  });

  it("is over- or under-working from the threshold on, by the score's sign", () => {
    expect(tileOf({ stale: false, outlierScore: OUTLIER_THRESHOLD })).toEqual({ state: "over", level: 1 });
    expect(tileOf({ stale: false, outlierScore: -OUTLIER_THRESHOLD })).toEqual({ state: "under", level: 1 });
  });

  it("grows in level at 1.5 and 2 times the threshold", () => {
    expect(tileOf({ stale: false, outlierScore: 4.4 }).level).toBe(1);
    expect(tileOf({ stale: false, outlierScore: 4.5 }).level).toBe(2);
    expect(tileOf({ stale: false, outlierScore: -5.9 }).level).toBe(2);
    expect(tileOf({ stale: false, outlierScore: 6 }).level).toBe(3);
    expect(tileOf({ stale: false, outlierScore: -40 })).toEqual({ state: "under", level: 3 });
  });

  it("is stale whatever the score: an old score says nothing about a host that stopped sending", () => {
    expect(tileOf({ stale: true, outlierScore: 12 })).toEqual({ state: "stale", level: 0 });
    expect(tileOf({ stale: true, outlierScore: null })).toEqual({ state: "stale", level: 0 });
  });

  it("ignores scores that are not numbers", () => {
    expect(tileOf({ stale: false, outlierScore: Number.NaN }).state).toBe("ok");
    expect(tileOf({ stale: false, outlierScore: Number.POSITIVE_INFINITY }).state).toBe("ok");
  });

  it("state filters keep what they name", () => {
    const ok = tileOf({ stale: false, outlierScore: null });
    const stale = tileOf({ stale: true, outlierScore: null });
    const over = tileOf({ stale: false, outlierScore: 5 });
    const under = tileOf({ stale: false, outlierScore: -5 });
    expect([ok, stale, over, under].map((t) => stateMatches(t, "all"))).toEqual([true, true, true, true]);
    expect([ok, stale, over, under].map((t) => stateMatches(t, "stale"))).toEqual([false, true, false, false]);
    expect([ok, stale, over, under].map((t) => stateMatches(t, "outliers"))).toEqual([false, false, true, true]);
    expect([ok, stale, over, under].map((t) => stateMatches(t, "ok"))).toEqual([true, false, false, false]);
  });
});

describe("search", () => {
  const hosts = [host("web-001", "web"), host("web-017", "web"), host("db-01", "db"), host("cache-3.dc1", "cache")];
  const names = (query: string) => hosts.filter(compileQuery(query)).map((h) => h.name);

  it("keeps everything when empty", () => {
    expect(names("")).toHaveLength(4);
    expect(names("  ,  ")).toHaveLength(4);
  });

  it("matches substrings, case-insensitively", () => {
    expect(names("017")).toEqual(["web-017"]);
    expect(names("WEB")).toEqual(["web-001", "web-017"]);
  });

  it("matches globs against the whole name", () => {
    expect(names("web-0*")).toEqual(["web-001", "web-017"]);
    expect(names("db-??")).toEqual(["db-01"]);
    expect(names("web")).toEqual(["web-001", "web-017"]);
    expect(names("web*1")).toEqual(["web-001"]);
  });

  it("treats regular-expression characters in globs literally", () => {
    expect(names("cache-3.dc1")).toEqual(["cache-3.dc1"]);
    expect(names("cache-3?dc1")).toEqual(["cache-3.dc1"]);
    expect(names("cache.3*")).toEqual([]);
  });

  it("ORs alternatives separated by commas or spaces, and selects whole groups", () => {
    expect(names("db, 017")).toEqual(["web-017", "db-01"]);
    expect(names("group:cache")).toEqual(["cache-3.dc1"]);
    expect(names("group:we")).toEqual([]);
  });
});

describe("grouping", () => {
  it("groups by the host's group, groups and members in natural order, with counts", () => {
    const groups = groupHosts([
      host("web-10", "web"),
      host("web-2", "web", { stale: true }),
      host("app-1", "app", { outlierScore: 8 }),
      host("web-1", "web", { outlierScore: -3.5 }),
    ]);
    expect(groups.map((g) => g.name)).toEqual(["app", "web"]);
    expect(groups[1]!.hosts.map((h) => h.name)).toEqual(["web-1", "web-2", "web-10"]);
    expect(groups[1]!.stale).toBe(1);
    expect(groups[1]!.outliers).toBe(1);
    expect(countFleet(groups)).toEqual({ hosts: 4, groups: 2, stale: 1, outliers: 2 });
  });

  it("orders names with numbers naturally and is total", () => {
    expect(["web-10", "web-9", "web-100", "Web-9"].sort(naturalCompare)).toEqual(["Web-9", "web-9", "web-10", "web-100"]);
  });

  it("lays out 1,300 hosts quickly", () => {
    const many = Array.from({ length: 1300 }, (_, i) => host(`${["web", "app", "db", "cache", "batch"][i % 5]}-${i}`, ["web", "app", "db", "cache", "batch"][i % 5]!));
    const started = performance.now();
    const groups = groupHosts(many);
    const matches = compileQuery("web-1*");
    many.filter(matches);
    expect(performance.now() - started).toBeLessThan(200);
    expect(countFleet(groups).hosts).toBe(1300);
  });
});

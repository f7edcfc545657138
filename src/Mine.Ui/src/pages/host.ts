import { fetchHost, fetchLandmines, fetchLeaves, fetchRender, type HostInfo, type LandmineInfo, type TrendInfo } from "../api";
import { drawBandChart, drawChart, type ZoomDetail } from "../chart/chart";
import { h, replaceChildren } from "../dom";
import { pageFilterBox } from "../filter";
import { ago, interval, si } from "../format";
import { STATE_LABEL, tileOf } from "../fleet/model";
import { composeHost, leadWith, showsMetric } from "../host/compose";
import { durationLabel, metricsOf, ratioLabel, scoreLabel, sideLabel, splitBand, standingAt, standingText, trendLabel, type MetricLandmine } from "../landmines/model";
import { every, type PageContext } from "../page";
import { groupPath, type Route } from "../router";
import { clockTime, dateTime, zoneName } from "../time";

/** The time ranges offered; the URL keeps the choice (?from=-6h). */
export const RANGES = [
  ["-1h", "1 hour"],
  ["-3h", "3 hours"],
  ["-6h", "6 hours"],
  ["-24h", "24 hours"],
  ["-7d", "7 days"],
] as const;

// A host: what is wrong with it first (stale, or the metrics that make it a landmine, each against its group's band),
// then its facts and a graph for everything it sends, composed the way an operator reads them (host/compose.ts), the
// landmine metrics' graphs first. Time range picker, drag to zoom (double-click to reset), hover values, a filter
// over the graphs, refresh every 30 s (paused while zoomed in).
export async function render(ctx: PageContext, route: Route): Promise<void> {
  const name = route.page === "host" ? route.name : "";
  ctx.setTitle(name);
  let host: HostInfo;
  let serverNow: number;
  try {
    ({ value: host, serverNow } = await fetchHost(name, ctx.signal));
  } catch {
    if (ctx.signal.aborted) return;
    replaceChildren(ctx.main, h("h1", {}, name), h("p", {}, "This host has not sent any data. ", h("a", { href: "/" }, "Back to the fleet"), "."));
    return;
  }
  // The landmine API serves its last computation (cached server-side): cheap to ask on every host page.
  const landmines = await fetchLandmines(ctx.signal).then((r) => r.value, () => null);
  if (ctx.signal.aborted) return;
  // The host's level landmine (one entry per host): the metrics beyond k, or every metric of a combined verdict.
  const listed = landmines?.landmines.find((l) => l.host === host.name && l.kind === "level") ?? null;
  const wrongMetrics: MetricLandmine[] = listed ? metricsOf(listed).filter((m) => m.beyond || listed.combined) : [];
  const trends = landmines?.trends?.filter((t) => t.host === host.name) ?? [];
  let from = ctx.url.searchParams.get("from") ?? "-3h";
  const tile = tileOf(host);
  const graphs = h("div", { class: "graphs" });
  const picker = h(
    "select",
    { id: "host-range", name: "from" },
    RANGES.map(([value, label]) => h("option", { value, ...(value === from ? { selected: true } : {}) }, label)),
  );
  const refreshed = h("span", { id: "host-refreshed", class: "summary", "aria-live": "polite" });
  const evidence = wrongMetrics.map((l) => h("figure", { class: "graph", "data-evidence": l.metric }));
  const standings = wrongMetrics.map(() => h("span", { class: "standing" }));
  // Set once the graphs are known; typing before that filters them when they come.
  let applyGraphFilter: () => void = () => undefined;
  const graphFilter = pageFilterBox(ctx, { id: "host-filter", label: "Filter graphs", placeholder: "cpu, eth0, disk" }, () => applyGraphFilter());
  replaceChildren(
    ctx.main,
    h("p", { class: "crumbs" }, h("a", { href: "/" }, "Fleet"), " / ", h("a", { href: groupPath(host.group) }, host.group), " / host"),
    h(
      "h1",
      {},
      host.name,
      " ",
      h("span", { class: "state-badge", "data-state": tile.state }, STATE_LABEL[tile.state]),
      host.outlierScore !== null ? h("span", { class: "score" }, ` robust score ${host.outlierScore.toFixed(1)} against ${host.group}`) : null,
    ),
    whatIsWrong(host, serverNow, { listed, metrics: wrongMetrics, trends }, landmines?.k ?? 3, landmines?.window ?? "", landmines?.rangeSeconds ?? 3600, evidence, standings),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Last seen"),
      h("dd", {}, `${ago(host.lastSeen, serverNow)} (${dateTime(host.lastSeen)})`),
      h("dt", {}, "First seen"),
      h("dd", {}, dateTime(host.firstSeen)),
      h("dt", {}, "Sends every"),
      h("dd", {}, interval(host.interval)),
      h("dt", {}, "Series"),
      h("dd", {}, h("code", {}, `${host.seriesRoot}.*`), ` (${host.source})`),
      h("dt", {}, "Plugins"),
      h("dd", {}, host.plugins.join(", ") || "none"),
    ),
    h("div", { class: "controls" }, h("label", { for: "host-range" }, "Time range"), picker, h("span", { class: "summary" }, "Drag across a graph to zoom, double-click to zoom out."), refreshed),
    graphFilter.element,
    graphs,
  );

  const leaves = (await fetchLeaves(host.seriesRoot, ctx.signal)).map((p) => p.slice(host.seriesRoot.length + 1));
  if (ctx.signal.aborted) return;
  // The graphs of the metrics that make the host a landmine come first, most severe first.
  const specs = leadWith(composeHost(host.seriesRoot, leaves), wrongMetrics.map((l) => l.metric));
  const boxes = specs.map((spec) => h("figure", { class: "graph", "data-graph": spec.id, ...(wrongMetrics.some((l) => showsMetric(spec, l.metric)) ? { "data-wrong": "true" } : {}) }));
  graphs.append(...boxes);
  applyGraphFilter = () => {
    let shown = 0;
    specs.forEach((spec, i) => {
      boxes[i]!.hidden = !graphFilter.matches({ name: spec.title, also: [spec.id] });
      if (!boxes[i]!.hidden) shown++;
    });
    graphFilter.setShown(shown, specs.length);
  };
  applyGraphFilter();
  const disposers = new Map<number, () => void>();
  ctx.signal.addEventListener("abort", () => disposers.forEach((d) => d()), { once: true });

  let zoomed = false;
  const syncKey = `host-${host.name}`;
  const onZoom = (event: Event) => {
    const detail = (event as CustomEvent<ZoomDetail>).detail;
    if (detail.key !== syncKey) return;
    zoomed = detail.zoomed;
    refreshed.textContent = zoomed ? "Refresh paused while zoomed in (double-click a graph to zoom out)." : updated();
  };
  window.addEventListener("mine:zoom", onZoom);
  ctx.signal.addEventListener("abort", () => window.removeEventListener("mine:zoom", onZoom), { once: true });

  const drawAll = async () => {
    zoomed = false;
    const evidenceDrawn = wrongMetrics.map(async (l, i) => {
      try {
        const series = await fetchRender([l.bandTarget, `alias(${l.hostTarget},"${host.name.replace(/["\\]/g, "")}")`], from, "now", 600, ctx.signal);
        if (ctx.signal.aborted) return;
        const band = splitBand(series);
        for (const line of band.lines) line.tags = { ...line.tags, outlier: l.side };
        const standing = band.lines[0] ? standingAt(band, band.lines[0]) : null;
        standings[i]!.textContent = standing ? ` Now ${standingText(standing, si)}.` : "";
        disposers.get(-1 - i)?.();
        evidence[i]!.textContent = "";
        disposers.set(-1 - i, drawBandChart(evidence[i]!, band, { title: `${l.title} against the ${host.group} group`, height: 170, syncKey }));
      } catch (error) {
        if (!ctx.signal.aborted) evidence[i]!.textContent = `${l.title}: ${String(error)}`;
      }
    });
    await Promise.all([
      ...evidenceDrawn,
      ...specs.map(async (spec, i) => {
        try {
          const series = await fetchRender(spec.targets, from, "now", 800, ctx.signal);
          if (ctx.signal.aborted) return;
          disposers.get(i)?.();
          boxes[i]!.textContent = "";
          disposers.set(i, drawChart(boxes[i]!, series, { title: spec.title, stacked: spec.stacked ?? false, syncKey }));
          boxes[i]!.dataset.points = String(series.reduce((n, s) => n + s.datapoints.filter(([v]) => v !== null).length, 0));
        } catch (error) {
          if (!ctx.signal.aborted) boxes[i]!.textContent = `${spec.title}: ${String(error)}`;
        }
      }),
    ]);
    refreshed.textContent = updated();
  };
  picker.addEventListener("change", () => {
    from = picker.value;
    const params = new URLSearchParams(ctx.url.search);
    params.set("from", from);
    ctx.replaceQuery(params);
    void drawAll();
  });
  await drawAll();
  if (specs.length === 0) graphs.append(h("p", {}, "No series under ", h("code", {}, `${host.seriesRoot}.*`), " yet."));
  ctx.main.dataset.ready = "host";
  // Refreshing redraws every graph, which would throw away a zoom: it waits until the user zooms out again.
  every(30, ctx.signal, () => (zoomed ? undefined : drawAll()));
}

/** "Updated 14:05:30 CET." */
function updated(): string {
  const now = Date.now() / 1000;
  return `Updated ${clockTime(now, true)} ${zoneName(now)}.`;
}

/**
 * What is wrong with the host, first on its page: stale (since when, and the threshold), and each metric that makes it
 * a landmine (side, how far from its group and for how long, the value against the group's median and band), with
 * its graph against the group's band. Nothing when the host is fine.
 */
function whatIsWrong(
  host: HostInfo,
  serverNow: number,
  wrong: { listed: LandmineInfo | null; metrics: MetricLandmine[]; trends: TrendInfo[] },
  k: number,
  window: string,
  rangeSeconds: number,
  evidence: HTMLElement[],
  standings: HTMLElement[],
): HTMLElement | null {
  const { listed, metrics, trends } = wrong;
  if (!host.stale && metrics.length === 0 && trends.length === 0) return null;
  const items: HTMLElement[] = [];
  if (host.stale) {
    items.push(
      h(
        "li",
        { "data-problem": "stale" },
        h("strong", {}, "Stale: "),
        `nothing received for ${ago(host.lastSeen, serverNow).replace(/ ago$/, "")} (last point ${dateTime(host.lastSeen)}); it sent every ${interval(host.interval)} and counts as stale after ${interval(host.staleAfter)} of silence.`,
      ),
    );
  }
  if (listed?.combined) {
    items.push(h("li", { "data-problem": "combined" }, h("strong", {}, "Several metrics off together: "), `${listed.reason}.`));
  }
  metrics.forEach((l, i) => {
    items.push(
      h(
        "li",
        { "data-problem": l.metric },
        h("strong", {}, `${l.title}: `),
        `${sideLabel(l.side)}, ${scoreLabel(l.score)} against the `,
        h("a", { href: groupPath(l.group) }, l.group),
        ` group (${ratioLabel(l.ratioToGroup)} its median${l.ratioToNormal !== null ? `, ${ratioLabel(l.ratioToNormal)} its own normal` : ""})`,
        l.beyond ? `, beyond ±${k} for ${durationLabel(l.beyondSeconds, rangeSeconds)}.` : ".",
        standings[i]!,
      ),
    );
  });
  for (const t of trends) {
    items.push(
      h(
        "li",
        { "data-problem": `trend-${t.metric}` },
        h("strong", {}, `${t.title}: `),
        `${t.evidence}; reaches its limit ${trendLabel(t, serverNow, dateTime)}.`,
      ),
    );
  }
  return h(
    "section",
    { class: "wrong", "aria-labelledby": "wrong-title" },
    h("h2", { id: "wrong-title" }, `What is wrong with ${host.name}`),
    h("ul", { class: "problems" }, items),
    metrics.length > 0
      ? h(
          "p",
          { class: "summary" },
          `Robust score: distance from the group's median in scaled MADs (σ); a landmine stays beyond ±${k} for most of the last ${window}. Each graph: the host over its group's band (min to max of the members in line, dashed median).`,
        )
      : null,
    metrics.length > 0 ? h("div", { class: "graphs" }, evidence) : null,
  );
}

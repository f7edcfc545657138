import { fetchHost, fetchLeaves, fetchRender, type HostInfo } from "../api";
import { drawChart } from "../chart/chart";
import { h, replaceChildren } from "../dom";
import { ago, clock, interval } from "../format";
import { STATE_LABEL, tileOf } from "../fleet/model";
import { composeHost } from "../host/compose";
import { every, type PageContext } from "../page";
import { groupPath, type Route } from "../router";

/** The time ranges offered; the URL keeps the choice (?from=-6h). */
export const RANGES = [
  ["-1h", "1 hour"],
  ["-3h", "3 hours"],
  ["-6h", "6 hours"],
  ["-24h", "24 hours"],
  ["-7d", "7 days"],
] as const;

// A host: its facts, then a graph for everything it sends, composed the way an operator reads them
// (host/compose.ts). Time range picker, drag to zoom (double-click to reset), hover values, refresh every 30 s
// (paused while zoomed in).
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
  let from = ctx.url.searchParams.get("from") ?? "-3h";
  const tile = tileOf(host);
  const graphs = h("div", { class: "graphs" });
  const picker = h(
    "select",
    { id: "host-range", name: "from" },
    RANGES.map(([value, label]) => h("option", { value, ...(value === from ? { selected: true } : {}) }, label)),
  );
  const refreshed = h("span", { class: "summary", "aria-live": "polite" });
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
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Last seen"),
      h("dd", {}, `${ago(host.lastSeen, serverNow)} (${clock(host.lastSeen)})`),
      h("dt", {}, "First seen"),
      h("dd", {}, clock(host.firstSeen)),
      h("dt", {}, "Sends every"),
      h("dd", {}, interval(host.interval)),
      h("dt", {}, "Series"),
      h("dd", {}, h("code", {}, `${host.seriesRoot}.*`), ` (${host.source})`),
      h("dt", {}, "Plugins"),
      h("dd", {}, host.plugins.join(", ") || "none"),
    ),
    h("div", { class: "controls" }, h("label", { for: "host-range" }, "Time range"), picker, h("span", { class: "summary" }, "Drag across a graph to zoom, double-click to zoom out."), refreshed),
    graphs,
  );

  const leaves = (await fetchLeaves(host.seriesRoot, ctx.signal)).map((p) => p.slice(host.seriesRoot.length + 1));
  if (ctx.signal.aborted) return;
  const specs = composeHost(host.seriesRoot, leaves);
  const boxes = specs.map((spec) => h("figure", { class: "graph", "data-graph": spec.id }));
  graphs.append(...boxes);
  const disposers = new Map<number, () => void>();
  ctx.signal.addEventListener("abort", () => disposers.forEach((d) => d()), { once: true });

  // The time span of the data drawn, to tell a zoom (a narrower x range) from the full view after a double-click.
  let drawnFrom = Infinity;
  let drawnUntil = -Infinity;
  let zoomed = false;
  const syncKey = `host-${host.name}`;
  const onZoom = (event: Event) => {
    const { key, min, max } = (event as CustomEvent<{ key: string; min: number; max: number }>).detail;
    if (key !== syncKey || drawnFrom > drawnUntil) return;
    zoomed = min > drawnFrom || max < drawnUntil;
    refreshed.textContent = zoomed ? "Refresh paused while zoomed in (double-click a graph to zoom out)." : `Updated ${clock(Date.now() / 1000)}.`;
  };
  window.addEventListener("mine:zoom", onZoom);
  ctx.signal.addEventListener("abort", () => window.removeEventListener("mine:zoom", onZoom), { once: true });

  const drawAll = async () => {
    zoomed = false;
    drawnFrom = Infinity;
    drawnUntil = -Infinity;
    await Promise.all(
      specs.map(async (spec, i) => {
        try {
          const series = await fetchRender(spec.targets, from, "now", 800, ctx.signal);
          if (ctx.signal.aborted) return;
          for (const s of series) {
            for (const [v, t] of s.datapoints) {
              if (v === null) continue;
              drawnFrom = Math.min(drawnFrom, t);
              drawnUntil = Math.max(drawnUntil, t);
            }
          }
          disposers.get(i)?.();
          boxes[i]!.textContent = "";
          disposers.set(i, drawChart(boxes[i]!, series, { title: spec.title, stacked: spec.stacked ?? false, syncKey }));
          boxes[i]!.dataset.points = String(series.reduce((n, s) => n + s.datapoints.filter(([v]) => v !== null).length, 0));
        } catch (error) {
          if (!ctx.signal.aborted) boxes[i]!.textContent = `${spec.title}: ${String(error)}`;
        }
      }),
    );
    refreshed.textContent = `Updated ${clock(Date.now() / 1000)}.`;
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

import { fetchHost, fetchRender, type HostInfo } from "../api";
import { drawChart } from "../chart/chart";
import { h, replaceChildren } from "../dom";
import { ago, clock, interval } from "../format";
import { STATE_LABEL, tileOf } from "../fleet/model";
import type { PageContext } from "../page";
import { groupPath, type Route } from "../router";

// Phase 2: every plugin's graphs composed the way an operator reads them, time range, zoom, refresh.
// For now: the host's facts and its load graph.
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
  const tile = tileOf(host);
  const graphs = h("div", { class: "graphs" });
  replaceChildren(
    ctx.main,
    h("p", { class: "crumbs" }, h("a", { href: "/" }, "Fleet"), " / ", h("a", { href: groupPath(host.group) }, host.group), " / host"),
    h("h1", {}, host.name, " ", h("span", { class: "state-badge", "data-state": tile.state }, STATE_LABEL[tile.state])),
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
    graphs,
  );
  if (host.plugins.includes("load")) {
    const box = h("figure", { class: "graph" });
    graphs.appendChild(box);
    const series = await fetchRender([`${host.seriesRoot}.load.load.*`], "-3h", "now", 800, ctx.signal);
    if (ctx.signal.aborted) return;
    const dispose = drawChart(box, series, { title: "Load" });
    ctx.signal.addEventListener("abort", dispose, { once: true });
  }
  ctx.main.dataset.ready = "host";
}

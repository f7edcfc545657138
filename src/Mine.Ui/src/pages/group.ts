import { fetchGroup, fetchHosts, fetchRender, type GroupDetail, type HostInfo } from "../api";
import { drawBandChart } from "../chart/chart";
import { h, replaceChildren } from "../dom";
import { ago, plural } from "../format";
import { naturalCompare, STATE_LABEL, tileOf } from "../fleet/model";
import { rankMembers, scoreLabel, splitBand } from "../landmines/model";
import { pageFilterBox } from "../filter";
import { every, type PageContext } from "../page";
import { hostPath, type Route } from "../router";

// A group: for each metric its members share, the min / average / max band with the outlying members drawn over
// it (band() and outliers() through /render), and the members ranked by deviation.
export async function render(ctx: PageContext, route: Route): Promise<void> {
  const name = route.page === "group" ? route.name : "";
  ctx.setTitle(`Group ${name}`);
  const from = ctx.url.searchParams.get("from") ?? "-3h";
  const disposers: (() => void)[] = [];
  ctx.signal.addEventListener("abort", () => disposers.splice(0).forEach((d) => d()), { once: true });

  // The members' filter lives across refreshes (a redraw must not take the box, its text or the focus away).
  const applyFilter = () => {
    const rows = [...ctx.main.querySelectorAll<HTMLTableRowElement>("table.ranked tbody tr")];
    let shown = 0;
    for (const row of rows) {
      row.hidden = !filter.matches({ name: row.dataset.host ?? "" });
      if (!row.hidden) shown++;
    }
    filter.setShown(shown, rows.length);
  };
  const filter = pageFilterBox(ctx, { id: "group-filter", label: "Filter members", placeholder: "web-0*, web-042" }, () => applyFilter());

  const draw = async () => {
    const [{ value: hosts, serverNow }, detail] = await Promise.all([fetchHosts(ctx.signal), fetchGroup(name, ctx.signal).then((r) => r.value).catch(() => null)]);
    if (ctx.signal.aborted) return;
    const members = hosts.filter((x) => x.group === name).sort((a, b) => naturalCompare(a.name, b.name));
    if (members.length === 0 || detail === null) {
      replaceChildren(ctx.main, h("h1", {}, `Group ${name}`), h("p", {}, "No host in this group has sent data. ", h("a", { href: "/" }, "Back to the fleet"), "."));
      ctx.main.dataset.ready = "group";
      return;
    }
    disposers.splice(0).forEach((d) => d());
    const graphs = h("div", { class: "graphs" });
    const focused = document.activeElement === filter.input;
    const outliers = new Set(detail.metrics.flatMap((m) => m.members.filter((x) => x.outlier).map((x) => x.host)));
    replaceChildren(
      ctx.main,
      h("p", { class: "crumbs" }, h("a", { href: "/" }, "Fleet"), " / group"),
      h("h1", {}, name),
      h(
        "p",
        { class: "summary" },
        `${plural(members.length, "host")}, ${members.filter((m) => m.stale).length} stale, ${plural(outliers.size, "outlier")}. `,
        `Bands: min to max over the members in line (the outliers left out, so they do not stretch it), dashed median; each outlier (beyond ±${detail.k} for most of the last ${detail.window}) a named line over it. `,
        `Scores computed ${ago(detail.computedAt, serverNow)}.`,
      ),
      graphs,
      h("h2", {}, "Members by deviation"),
      filter.element,
      membersTable(detail, members),
    );
    applyFilter();
    if (focused) filter.input.focus();
    await Promise.all(
      detail.metrics.map(async (metric) => {
        const box = h("figure", { class: "graph", "data-metric": metric.id });
        graphs.appendChild(box);
        try {
          const series = await fetchRender([metric.bandTarget, metric.outliersTarget], from, "now", 600, ctx.signal);
          if (ctx.signal.aborted) return;
          disposers.push(drawBandChart(box, splitBand(series), { title: metric.title, syncKey: `group-${name}` }));
        } catch (error) {
          if (!ctx.signal.aborted) box.textContent = String(error);
        }
      }),
    );
    ctx.main.dataset.ready = "group";
  };
  await draw();
  every(30, ctx.signal, draw);
}

function membersTable(detail: GroupDetail, members: HostInfo[]): HTMLElement {
  const rows = rankMembers(detail.metrics, members.map((m) => m.name));
  const byName = new Map(members.map((m) => [m.name, m]));
  return h(
    "table",
    { class: "members ranked" },
    h("caption", { class: "sr-only" }, `Members of ${detail.name}, most deviating first`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Host"),
        h("th", { scope: "col" }, "State"),
        h("th", { scope: "col" }, "Deviation"),
        detail.metrics.map((m) => h("th", { scope: "col", class: "num", title: m.title }, m.id)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((row) => {
        const host = byName.get(row.host);
        const tile = host ? tileOf(host) : null;
        return h(
          "tr",
          { "data-host": row.host, ...(row.outlier ? { "data-outlier": "true" } : {}) },
          h("th", { scope: "row" }, h("a", { href: hostPath(row.host) }, row.host)),
          h("td", {}, tile ? [h("span", { class: "tile swatch", "data-state": tile.state, "data-level": tile.level, "aria-hidden": "true" }), " ", STATE_LABEL[tile.state]] : ""),
          h("td", { class: "num" }, row.worst === null ? "–" : `${scoreLabel(row.worst)} ${row.worstMetric}`),
          row.scores.map((s, i) => h("td", { class: `num${row.outlierMetrics.has(detail.metrics[i]!.id) ? " hot" : ""}` }, s === null ? "–" : scoreLabel(s))),
        );
      }),
    ),
  );
}

import { fetchLandmines, fetchRender, type LandminesAnswer } from "../api";
import { drawBandChart } from "../chart/chart";
import { h, replaceChildren } from "../dom";
import { ago, plural } from "../format";
import { byHost, durationLabel, scoreLabel, severityLevel, sideLabel, splitBand, type HostLandmines } from "../landmines/model";
import { pageFilterBox } from "../filter";
import { every, type PageContext } from "../page";
import { groupPath, hostPath } from "../router";

// The fleet-wide list of current outliers (the same detection as the render API's outliers()), one row per host,
// ranked by severity then duration, each with a sparkline of its worst metric against its group's band.
export async function render(ctx: PageContext): Promise<void> {
  ctx.setTitle("Landmines");
  const disposers: (() => void)[] = [];
  ctx.signal.addEventListener("abort", () => disposers.splice(0).forEach((d) => d()), { once: true });

  // The filter outlives the refreshes: a redraw keeps its text and focus. It looks at host, group and metrics.
  let rows: HostLandmines[] = [];
  const applyFilter = () => {
    let shown = 0;
    for (const row of rows) {
      const tr = ctx.main.querySelector<HTMLTableRowElement>(`tr[data-host="${CSS.escape(row.host)}"]`);
      if (!tr) continue;
      tr.hidden = !filter.matches({ name: row.host, group: row.group, also: row.metrics.flatMap((m) => [m.metric, m.title]) });
      if (!tr.hidden) shown++;
    }
    filter.setShown(shown, rows.length);
  };
  const filter = pageFilterBox(ctx, { id: "landmines-filter", label: "Filter", placeholder: "web-*, group:db, memory" }, () => applyFilter());

  const draw = async () => {
    const { value, serverNow } = await fetchLandmines(ctx.signal);
    if (ctx.signal.aborted) return;
    disposers.splice(0).forEach((d) => d());
    const hosts = byHost(value.landmines);
    rows = hosts;
    const focused = document.activeElement === filter.input;
    replaceChildren(ctx.main, ...header(value, hosts, serverNow), filter.element, hosts.length === 0 ? h("p", { class: "empty" }, "No host is an outlier in its group right now.") : table(value, hosts));
    applyFilter();
    if (focused) filter.input.focus();
    await Promise.all(
      hosts.map(async (row) => {
        const worst = row.metrics[0]!;
        const box = ctx.main.querySelector<HTMLElement>(`[data-spark="${CSS.escape(row.host)}"]`);
        if (!box) return;
        try {
          const series = await fetchRender([worst.bandTarget, `alias(${worst.hostTarget},"${row.host}")`], "-1h", "now", 120, ctx.signal);
          if (ctx.signal.aborted) return;
          const band = splitBand(series);
          for (const line of band.lines) line.tags = { ...line.tags, outlier: worst.side };
          disposers.push(drawBandChart(box, band, { title: worst.title, height: 48, spark: true }));
        } catch (error) {
          if (!ctx.signal.aborted) box.textContent = String(error);
        }
      }),
    );
    ctx.main.dataset.ready = "landmines";
  };
  await draw();
  every(30, ctx.signal, draw);
}

function header(value: LandminesAnswer, hosts: HostLandmines[], serverNow: number): Node[] {
  const over = hosts.filter((x) => x.side === "above").length;
  return [
    h("h1", {}, "Landmines"),
    h(
      "p",
      { class: "summary" },
      `${plural(hosts.length, "host")} out of line with their group: ${over} over-working, ${hosts.length - over} under-working. `,
      `A host is listed when its robust score (distance from the group's median in scaled MADs) stays beyond ±${value.k} for most of the last ${value.window}; `,
      `computed ${ago(value.computedAt, serverNow)}. The same verdict as `,
      h("code", {}, `outliers(…, ${value.k}, "${value.window}")`),
      ".",
    ),
  ];
}

function table(value: LandminesAnswer, hosts: HostLandmines[]): HTMLElement {
  return h(
    "table",
    { class: "members landmines" },
    h("caption", { class: "sr-only" }, "Hosts out of line with their group, most severe first"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Host", "Group", "State", "Severity", "Beyond k for", "Worst metric", "Last hour against the group band", "Other metrics"].map((label) => h("th", { scope: "col" }, label)),
      ),
    ),
    h(
      "tbody",
      {},
      hosts.map((row) => {
        const worst = row.metrics[0]!;
        const state = row.side === "above" ? "over" : "under";
        return h(
          "tr",
          { "data-host": row.host },
          h("th", { scope: "row" }, h("a", { href: hostPath(row.host) }, row.host)),
          h("td", {}, h("a", { href: groupPath(row.group) }, row.group)),
          h("td", {}, h("span", { class: "tile swatch", "data-state": state, "data-level": severityLevel(row.severity), "aria-hidden": "true" }), " ", sideLabel(row.side)),
          h("td", { class: "num" }, scoreLabel(worst.score)),
          h("td", {}, durationLabel(row.beyondSeconds, value.rangeSeconds)),
          h("td", {}, worst.title),
          h("td", { class: "spark-cell" }, h("div", { class: "spark", "data-spark": row.host, role: "img", "aria-label": `${worst.title} of ${row.host} against the ${row.group} band, last hour` })),
          h("td", { class: "others" }, row.metrics.slice(1).map((m) => h("span", { class: "flag outlier", title: m.title }, `${m.metric} ${scoreLabel(m.score)}`))),
        );
      }),
    ),
  );
}

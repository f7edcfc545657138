import { fetchLandmines, fetchRender, type LandminesAnswer } from "../api";
import { drawBandChart, drawChart } from "../chart/chart";
import { h, replaceChildren } from "../dom";
import { ago, plural } from "../format";
import { durationLabel, landmineRows, scoreLabel, severityLevel, sideLabel, splitBand, trendLabel, type LandmineRow } from "../landmines/model";
import { pageFilterBox } from "../filter";
import { every, type PageContext } from "../page";
import { groupPath, hostPath } from "../router";
import { dateTime } from "../time";

// The fleet's landmines, one row per host: level landmines (one metric beyond k, or several off together) ranked by
// severity then duration, hosts on their way to a limit soonest first, then stale hosts. Each row says why it is
// listed, with a sparkline of its worst metric against its group's band (or of the series nearing its limit).
export async function render(ctx: PageContext): Promise<void> {
  ctx.setTitle("Landmines");
  const disposers: (() => void)[] = [];
  ctx.signal.addEventListener("abort", () => disposers.splice(0).forEach((d) => d()), { once: true });

  // The filter outlives the refreshes: a redraw keeps its text and focus. It looks at host, group, metrics and kind.
  let rows: LandmineRow[] = [];
  const applyFilter = () => {
    let shown = 0;
    for (const row of rows) {
      const tr = ctx.main.querySelector<HTMLTableRowElement>(`tr[data-host="${CSS.escape(row.host)}"]`);
      if (!tr) continue;
      tr.hidden = !filter.matches({ name: row.host, group: row.group, also: [row.kind, ...row.metrics.flatMap((m) => [m.metric, m.title]), ...row.trends.flatMap((t) => [t.metric, t.title, t.subject])] });
      if (!tr.hidden) shown++;
    }
    filter.setShown(shown, rows.length);
  };
  const filter = pageFilterBox(ctx, { id: "landmines-filter", label: "Filter", placeholder: "web-*, group:db, memory, stale" }, () => applyFilter());

  const draw = async () => {
    const { value, serverNow } = await fetchLandmines(ctx.signal);
    if (ctx.signal.aborted) return;
    disposers.splice(0).forEach((d) => d());
    rows = landmineRows(value, serverNow);
    const focused = document.activeElement === filter.input;
    replaceChildren(ctx.main, ...header(value, rows, serverNow), filter.element, rows.length === 0 ? h("p", { class: "empty" }, "No host is out of line with its group, on its way to a limit, or silent right now.") : table(value, rows, serverNow));
    applyFilter();
    if (focused) filter.input.focus();
    await Promise.all(rows.map((row) => spark(ctx, row, disposers)));
    ctx.main.dataset.ready = "landmines";
  };
  await draw();
  every(30, ctx.signal, draw);
}

/** The row's sparkline: the worst metric against the group's band, or the series nearing its limit with the limit. */
async function spark(ctx: PageContext, row: LandmineRow, disposers: (() => void)[]): Promise<void> {
  const box = ctx.main.querySelector<HTMLElement>(`[data-spark="${CSS.escape(row.host)}"]`);
  if (!box) return;
  const worst = row.metrics[0];
  const trend = row.trends[0];
  try {
    if (worst) {
      const series = await fetchRender([worst.bandTarget, `alias(${worst.hostTarget},"${row.host}")`], "-1h", "now", 120, ctx.signal);
      if (ctx.signal.aborted) return;
      const band = splitBand(series);
      for (const line of band.lines) line.tags = { ...line.tags, outlier: worst.side };
      disposers.push(drawBandChart(box, band, { title: worst.title, height: 48, spark: true }));
    } else if (trend) {
      const series = await fetchRender([`alias(${trend.usedTarget},"used")`, `alias(${trend.limitTarget},"limit")`], "-12h", "now", 120, ctx.signal);
      if (ctx.signal.aborted) return;
      disposers.push(drawChart(box, series, { title: trend.title, height: 48, spark: true }));
    }
  } catch (error) {
    if (!ctx.signal.aborted) box.textContent = String(error);
  }
}

function header(value: LandminesAnswer, rows: LandmineRow[], serverNow: number): Node[] {
  const count = (kind: LandmineRow["kind"], side?: "above" | "below") => rows.filter((r) => r.kind === kind && (side === undefined || r.side === side)).length;
  return [
    h("h1", {}, "Landmines"),
    h(
      "p",
      { class: "summary" },
      `${plural(rows.length, "host")} listed: ${count("level", "above")} over-working, ${count("level", "below")} under-working, ${count("trend")} on the way to a limit, ${count("stale")} stale. `,
      `A host is listed when, over the last ${value.window}, a metric is beyond ±${value.k} robust deviations from its group and has moved from its own normal, `,
      `or several of its metrics are off together (combined evidence; at most a ${(value.falseAlarmRate * 100).toFixed(0)} % chance of any false alarm per group); `,
      `when a disk or memory will reach its limit within the horizon; or when it stopped sending. Computed ${ago(value.computedAt, serverNow)}. `,
      "Graph the same verdict with ",
      h("code", {}, `landmineScore(…)`),
      " and ",
      h("code", {}, `timeToLimit(…)`),
      ".",
    ),
  ];
}

function state(row: LandmineRow): (Node | string)[] {
  if (row.kind === "level" && row.side) {
    const tile = row.side === "above" ? "over" : "under";
    return [h("span", { class: "tile swatch", "data-state": tile, "data-level": severityLevel(row.severity), "aria-hidden": "true" }), " ", sideLabel(row.side), row.combined ? " (combined)" : ""];
  }
  if (row.kind === "stale") return [h("span", { class: "tile swatch", "data-state": "stale", "aria-hidden": "true" }), " stale"];
  return [h("span", { class: "tile swatch", "data-state": "trend", "aria-hidden": "true" }), " nearing a limit"];
}

function table(value: LandminesAnswer, rows: LandmineRow[], serverNow: number): HTMLElement {
  return h(
    "table",
    { class: "members landmines" },
    h("caption", { class: "sr-only" }, "Hosts out of line with their group, on their way to a limit, or silent; most severe first"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Host", "Group", "State", "Severity", "For", "Why", "Last hours", "Other metrics"].map((label) => h("th", { scope: "col" }, label)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((row) => {
        const worst = row.metrics[0];
        const trend = row.trends[0];
        const severity = row.kind === "level" ? scoreLabel(worst && !row.combined ? worst.score : (row.side === "below" ? -1 : 1) * row.severity) : "—";
        const lasting = row.kind === "trend" && trend ? trendLabel(trend, serverNow, dateTime) : durationLabel(row.beyondSeconds, row.kind === "stale" ? Infinity : value.rangeSeconds);
        const drawn = worst ? `${worst.title} of ${row.host} against the ${row.group} band, last hour` : trend ? `${trend.title} of ${row.host} and its limit, last 12 hours` : `${row.host} sends nothing`;
        return h(
          "tr",
          { "data-host": row.host, "data-kind": row.kind },
          h("th", { scope: "row" }, h("a", { href: hostPath(row.host) }, row.host)),
          h("td", {}, h("a", { href: groupPath(row.group) }, row.group)),
          h("td", {}, state(row)),
          h("td", { class: "num" }, severity),
          h("td", {}, lasting),
          h("td", { class: "reason" }, row.reason),
          h("td", { class: "spark-cell" }, worst || trend ? h("div", { class: "spark", "data-spark": row.host, role: "img", "aria-label": drawn }) : h("span", { class: "empty" }, "no data")),
          h("td", { class: "others" }, row.metrics.slice(1).map((m) => h("span", { class: "flag outlier", title: m.title }, `${m.metric} ${scoreLabel(m.score)}`))),
        );
      }),
    ),
  );
}

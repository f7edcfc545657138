import { fetchHosts } from "../api";
import { h, replaceChildren } from "../dom";
import { ago, plural } from "../format";
import { naturalCompare, STATE_LABEL, tileOf } from "../fleet/model";
import type { PageContext } from "../page";
import { hostPath, type Route } from "../router";

// Phase 2: min / average / max band per shared metric, outlying members drawn, members ranked by deviation.
// For now: the members and their state.
export async function render(ctx: PageContext, route: Route): Promise<void> {
  const name = route.page === "group" ? route.name : "";
  ctx.setTitle(`Group ${name}`);
  const { value: hosts, serverNow } = await fetchHosts(ctx.signal);
  const members = hosts.filter((x) => x.group === name).sort((a, b) => naturalCompare(a.name, b.name));
  if (members.length === 0) {
    replaceChildren(ctx.main, h("h1", {}, `Group ${name}`), h("p", {}, "No host in this group has sent data. ", h("a", { href: "/" }, "Back to the fleet"), "."));
    return;
  }
  replaceChildren(
    ctx.main,
    h("p", { class: "crumbs" }, h("a", { href: "/" }, "Fleet"), " / group"),
    h("h1", {}, name),
    h("p", {}, plural(members.length, "host")),
    h(
      "table",
      { class: "members" },
      h("caption", { class: "sr-only" }, `Members of ${name}`),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Host"), h("th", { scope: "col" }, "State"), h("th", { scope: "col" }, "Last seen"))),
      h(
        "tbody",
        {},
        members.map((m) => {
          const tile = tileOf(m);
          return h(
            "tr",
            {},
            h("th", { scope: "row" }, h("a", { href: hostPath(m.name) }, m.name)),
            h("td", {}, h("span", { class: "tile swatch", "data-state": tile.state, "data-level": tile.level, "aria-hidden": "true" }), " ", STATE_LABEL[tile.state]),
            h("td", {}, ago(m.lastSeen, serverNow)),
          );
        }),
      ),
    ),
  );
  ctx.main.dataset.ready = "group";
}

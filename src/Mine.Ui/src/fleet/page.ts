// The Fleet page: every host as a small tile, grouped, coloured by state; filter, hover details, click through.
import { fetchHosts, type HostInfo } from "../api";
import { h, replaceChildren } from "../dom";
import { ago, count, interval, plural } from "../format";
import { dateTime } from "../time";
import { every, type PageContext } from "../page";
import { groupPath, hostPath } from "../router";
import { compileQuery, countFleet, groupHosts, STATE_LABEL, stateMatches, tileOf, type GroupView, type StateFilter } from "./model";

const REFRESH_SECONDS = 10;
const STATE_FILTERS: { value: StateFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "stale", label: "Stale" },
  { value: "outliers", label: "Landmines" },
  { value: "ok", label: "OK" },
];

interface TileRef {
  host: HostInfo;
  link: HTMLAnchorElement;
  item: HTMLLIElement;
}

export async function render(ctx: PageContext): Promise<void> {
  ctx.setTitle("Fleet");
  const params = ctx.url.searchParams;
  let query = params.get("q") ?? "";
  let stateFilter = (STATE_FILTERS.find((f) => f.value === params.get("state"))?.value ?? "all") as StateFilter;

  const summary = h("p", { class: "summary", "aria-live": "polite" }, "Loading hosts…");
  const search = h("input", {
    id: "fleet-filter",
    type: "search",
    placeholder: "web-0*, db, group:cache",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "fleet-filter-help",
  });
  search.value = query;
  const radios = STATE_FILTERS.map((f) => {
    const input = h("input", { type: "radio", name: "fleet-state", value: f.value, id: `fleet-state-${f.value}` });
    input.checked = f.value === stateFilter;
    return h("label", { class: "chip", for: `fleet-state-${f.value}` }, input, f.label);
  });
  const groupsBox = h("div", { class: "groups" });
  const tooltip = h("div", { class: "tooltip", role: "tooltip", id: "fleet-tooltip", hidden: true });
  replaceChildren(
    ctx.main,
    h(
      "section",
      { class: "fleet", "aria-labelledby": "fleet-title" },
      h(
        "div",
        { class: "fleet-bar" },
        h("h1", { id: "fleet-title" }, "Fleet"),
        summary,
        h(
          "div",
          { class: "controls" },
          h("label", { for: "fleet-filter", class: "filter-label" }, "Filter hosts"),
          search,
          h("span", { id: "fleet-filter-help", class: "sr-only" }, "Names or globs separated by commas; group:NAME for a group. Press / to come back here."),
          h("fieldset", { class: "chips" }, h("legend", { class: "sr-only" }, "Show hosts"), radios),
        ),
        legend(),
      ),
      groupsBox,
      tooltip,
    ),
  );

  let hosts: HostInfo[] = [];
  let serverNow = Date.now() / 1000;
  let skew = 0; // server clock minus ours, so "last seen" does not depend on this machine's clock
  let tiles = new Map<string, TileRef>();
  let groups: GroupView[] = [];

  const now = () => Date.now() / 1000 + skew;

  const load = async () => {
    const answer = await fetchHosts(ctx.signal);
    hosts = answer.value;
    serverNow = answer.serverNow;
    skew = serverNow - Date.now() / 1000;
  };

  const draw = () => {
    groups = groupHosts(hosts);
    tiles = new Map();
    if (hosts.length === 0) {
      replaceChildren(groupsBox, emptyFleet());
      return;
    }
    const fragment = document.createDocumentFragment();
    for (const group of groups) fragment.appendChild(drawGroup(group, tiles, now()));
    replaceChildren(groupsBox, fragment);
  };

  const applyFilter = () => {
    const matches = compileQuery(query);
    let shown = 0;
    for (const section of groupsBox.querySelectorAll<HTMLElement>("section.group")) {
      const list = section.querySelector("ul")!;
      let visible = 0;
      let focusable: HTMLAnchorElement | null = null;
      let activeHidden = false;
      for (const item of list.children as HTMLCollectionOf<HTMLLIElement>) {
        const ref = tiles.get(item.dataset.name!)!;
        const keep = matches(ref.host) && stateMatches(tileOf(ref.host), stateFilter);
        item.hidden = !keep;
        if (keep) {
          visible++;
          focusable ??= ref.link;
        } else if (ref.link.tabIndex === 0) {
          activeHidden = true;
        }
      }
      if (activeHidden && focusable) setActive(list, focusable);
      section.hidden = visible === 0;
      const total = list.children.length;
      section.querySelector(".shown")!.textContent = visible === total ? "" : `${count(visible)} of `;
      shown += visible;
    }
    const c = countFleet(groups);
    const filtered = shown === c.hosts ? "" : ` · ${count(shown)} shown`;
    summary.textContent = `${plural(c.hosts, "host")} in ${plural(c.groups, "group")} · ${count(c.stale)} stale · ${count(c.outliers)} landmines${filtered}`;
  };

  const syncUrl = () => {
    const p = new URLSearchParams();
    if (query) p.set("q", query);
    if (stateFilter !== "all") p.set("state", stateFilter);
    ctx.replaceQuery(p);
  };

  /** New data: same hosts → update tiles in place; otherwise draw again (keeping the focused tile when it stays). */
  const refresh = async () => {
    const before = hosts.map((x) => x.name).join("\n");
    await load();
    if (hosts.map((x) => x.name).join("\n") !== before) {
      const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.name : undefined;
      draw();
      if (focused) tiles.get(focused)?.link.focus();
    } else {
      const t = now();
      for (const host of hosts) {
        const ref = tiles.get(host.name)!;
        ref.host = host;
        paintTile(ref.link, host, t);
      }
      groups = groupHosts(hosts);
      for (const group of groups) {
        const heading = groupsBox.querySelector<HTMLElement>(`section.group[data-group="${CSS.escape(group.name)}"] .flags`);
        if (heading) replaceChildren(heading, groupFlags(group));
      }
    }
    applyFilter();
  };

  search.addEventListener("input", () => {
    query = search.value;
    applyFilter();
    syncUrl();
  });
  for (const label of radios) {
    label.querySelector("input")!.addEventListener("change", (event) => {
      stateFilter = (event.target as HTMLInputElement).value as StateFilter;
      applyFilter();
      syncUrl();
    });
  }
  installTooltip(groupsBox, tooltip, () => tiles, now);
  installKeyboard(groupsBox);
  const slash = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !(target instanceof HTMLInputElement) && !(target instanceof HTMLTextAreaElement)) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  };
  document.addEventListener("keydown", slash);
  ctx.signal.addEventListener("abort", () => document.removeEventListener("keydown", slash), { once: true });

  try {
    await load();
  } catch (error) {
    if (ctx.signal.aborted) return;
    summary.textContent = `Could not load the fleet: ${(error as Error).message}`;
    summary.classList.add("error");
    every(REFRESH_SECONDS, ctx.signal, refresh);
    return;
  }
  draw();
  applyFilter();
  // Performance marks (tests/Mine.Ui.Tests measure them): tiles in the DOM, then the first frame drawn with them.
  performance.mark("mine:fleet:ready");
  requestAnimationFrame(() =>
    setTimeout(() => {
      performance.mark("mine:fleet:painted");
      ctx.main.dataset.ready = "fleet";
    }, 0),
  );
  every(REFRESH_SECONDS, ctx.signal, refresh);
}

function legend(): HTMLElement {
  return h(
    "ul",
    { class: "legend", "aria-label": "Tile colours" },
    (["ok", "stale", "over", "under"] as const).map((state) =>
      h("li", {}, h("span", { class: "tile swatch", "data-state": state, "data-level": state === "over" || state === "under" ? 2 : 0, "aria-hidden": "true" }), STATE_LABEL[state]),
    ),
  );
}

function groupFlags(group: GroupView): (HTMLElement | string)[] {
  const flags: (HTMLElement | string)[] = [];
  if (group.stale > 0) flags.push(h("span", { class: "flag stale" }, `${count(group.stale)} stale`));
  if (group.outliers > 0) flags.push(h("span", { class: "flag outlier" }, `${plural(group.outliers, "landmine")}`));
  return flags;
}

function drawGroup(group: GroupView, tiles: Map<string, TileRef>, now: number): HTMLElement {
  const id = `group-${tiles.size}`;
  const list = h("ul", { class: "tiles", "aria-labelledby": id });
  let first = true;
  for (const host of group.hosts) {
    const link = h("a", { class: "tile", href: hostPath(host.name), "data-name": host.name, tabindex: first ? 0 : -1 });
    paintTile(link, host, now);
    const item = h("li", { "data-name": host.name }, link);
    list.appendChild(item);
    tiles.set(host.name, { host, link, item });
    first = false;
  }
  const n = group.hosts.length;
  return h(
    "section",
    { class: "group", "data-group": group.name, style: `--n:${n}` },
    h(
      "h2",
      { id },
      h("a", { href: groupPath(group.name) }, group.name),
      " ",
      h("span", { class: "count" }, h("span", { class: "shown" }), plural(n, "host")),
      h("span", { class: "flags" }, groupFlags(group)),
    ),
    list,
  );
}

function paintTile(link: HTMLAnchorElement, host: HostInfo, now: number): void {
  const tile = tileOf(host);
  link.dataset.state = tile.state;
  link.dataset.level = String(tile.level);
  const score = host.outlierScore === null ? "" : `, score ${host.outlierScore.toFixed(1)}`;
  link.setAttribute("aria-label", `${host.name}: ${STATE_LABEL[tile.state]}${score}, last seen ${ago(host.lastSeen, now)}`);
}

function emptyFleet(): HTMLElement {
  return h(
    "div",
    { class: "empty" },
    h("h2", {}, "No host has sent data yet"),
    h("p", {}, "Hosts appear here by themselves as soon as they send metrics; nothing to register."),
    h(
      "ul",
      {},
      h("li", {}, "collectd: point the network plugin's ", h("code", {}, "Server"), " at this machine, UDP port 25826."),
      h("li", {}, "Graphite: ", h("code", {}, 'echo "web-001.load.load.shortterm 0.4 $(date +%s)" | nc -q0 HOST 2003')),
      h("li", {}, "Or try ", h("code", {}, "mine serve --demo"), " for a synthetic fleet."),
    ),
  );
}

function installTooltip(box: HTMLElement, tooltip: HTMLElement, current: () => Map<string, TileRef>, now: () => number): void {
  let shownFor: HTMLElement | null = null;
  const show = (link: HTMLElement) => {
    const ref = current().get(link.dataset.name!);
    if (!ref) return;
    const host = ref.host;
    const tile = tileOf(host);
    replaceChildren(
      tooltip,
      h("strong", {}, host.name),
      h("span", { class: "tip-state", "data-state": tile.state }, `${host.group} · ${STATE_LABEL[tile.state]}`),
      h("span", {}, `last seen ${ago(host.lastSeen, now())} (${dateTime(host.lastSeen)})`),
      h("span", {}, `sends every ${interval(host.interval)} · stale after ${interval(host.staleAfter)}`),
      h("span", {}, `${host.source} · ${plural(host.plugins.length, "plugin")} · ${host.seriesRoot}.*`),
    );
    tooltip.hidden = false;
    const rect = link.getBoundingClientRect();
    const tip = tooltip.getBoundingClientRect();
    const left = Math.min(Math.max(4, rect.left + rect.width / 2 - tip.width / 2), window.innerWidth - tip.width - 4);
    const below = rect.bottom + 6 + tip.height < window.innerHeight;
    tooltip.style.left = `${left + window.scrollX}px`;
    tooltip.style.top = `${(below ? rect.bottom + 6 : rect.top - tip.height - 6) + window.scrollY}px`;
    link.setAttribute("aria-describedby", "fleet-tooltip");
    shownFor = link;
  };
  const hide = () => {
    tooltip.hidden = true;
    shownFor?.removeAttribute("aria-describedby");
    shownFor = null;
  };
  const tileOfEvent = (event: Event) => (event.target as HTMLElement).closest<HTMLElement>("a.tile");
  box.addEventListener("mouseover", (event) => {
    const link = tileOfEvent(event);
    if (link) show(link);
  });
  box.addEventListener("mouseleave", hide);
  box.addEventListener("focusin", (event) => {
    const link = tileOfEvent(event);
    if (link) show(link);
    else hide();
  });
  box.addEventListener("focusout", hide);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide();
  });
}

function setActive(list: Element, link: HTMLAnchorElement): void {
  for (const other of list.querySelectorAll<HTMLAnchorElement>("a.tile[tabindex='0']")) other.tabIndex = -1;
  link.tabIndex = 0;
}

/** Arrow keys move between the tiles of a group (one Tab stop per group); Home and End jump to its ends. */
function installKeyboard(box: HTMLElement): void {
  box.addEventListener("keydown", (event) => {
    const link = (event.target as HTMLElement).closest<HTMLAnchorElement>("a.tile");
    if (!link || !["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"].includes(event.key)) return;
    const list = link.closest("ul")!;
    const visible = [...list.querySelectorAll<HTMLAnchorElement>("li:not([hidden]) > a.tile")];
    const index = visible.indexOf(link);
    let target: HTMLAnchorElement | undefined;
    switch (event.key) {
      case "ArrowLeft":
        target = visible[index - 1];
        break;
      case "ArrowRight":
        target = visible[index + 1];
        break;
      case "Home":
        target = visible[0];
        break;
      case "End":
        target = visible[visible.length - 1];
        break;
      default: {
        // Up and down: the tile in the next or previous row nearest horizontally.
        const here = link.getBoundingClientRect();
        const down = event.key === "ArrowDown";
        let best = Infinity;
        for (const candidate of visible) {
          const r = candidate.getBoundingClientRect();
          if (down ? r.top <= here.top + 1 : r.top >= here.top - 1) continue;
          const rows = Math.abs(r.top - here.top);
          const score = rows * 10000 + Math.abs(r.left - here.left);
          if (score < best) {
            best = score;
            target = candidate;
          }
        }
      }
    }
    event.preventDefault();
    if (target) {
      setActive(list, target);
      target.focus();
    }
  });
}

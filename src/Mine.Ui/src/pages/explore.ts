import { fetchFind, fetchRender, type FindNode } from "../api";
import { drawChart } from "../chart/chart";
import { h, replaceChildren } from "../dom";
import { applyCompletion, completeAt, functionList, readState, renderLink, writeState, type Completion, type ExploreState, type FunctionInfo } from "../explore/complete";
import { compileFilter, filterBox, type Filterable } from "../filter";
import type { PageContext } from "../page";
import { RANGES } from "./host";

// The explorer: the metric tree (/metrics/find), a target editor with function completion (/functions), the graph
// (/render?format=json) and links to the same graph as PNG, SVG, JSON and CSV. The URL holds the targets and range.
export async function render(ctx: PageContext): Promise<void> {
  ctx.setTitle("Explore");
  let state: ExploreState = readState(ctx.url.searchParams);
  let functions: FunctionInfo[] = [];
  void fetch("/functions", { signal: ctx.signal })
    .then((r) => r.json())
    .then((answer) => (functions = functionList(answer as Record<string, { name: string }>)))
    .catch(() => undefined);

  const editor = h("textarea", { id: "explore-target", name: "target", rows: 3, cols: 70, spellcheck: "false", autocomplete: "off", "aria-describedby": "explore-help", "aria-autocomplete": "list", "aria-controls": "explore-completions" });
  editor.value = state.targets.join("\n");
  const completions = h("ul", { id: "explore-completions", class: "completions", role: "listbox", hidden: true });
  const range = h("select", { id: "explore-range", name: "from" }, RANGES.map(([value, label]) => h("option", { value, ...(value === state.from ? { selected: true } : {}) }, label)));
  const links = h("p", { class: "links" });
  const graph = h("figure", { class: "graph", id: "explore-graph" });
  const tree = h("ul", { class: "tree", role: "tree", "aria-label": "Metrics" });
  let current: Completion | null = null;
  let selected = 0;
  let dispose: (() => void) | null = null;
  ctx.signal.addEventListener("abort", () => dispose?.(), { once: true });

  const showCompletions = () => {
    current = completeAt(editor.value, editor.selectionStart, functions);
    selected = 0;
    completions.textContent = "";
    completions.hidden = current === null;
    if (!current) return;
    current.matches.forEach((f, i) => {
      const item = h("li", { role: "option", id: `explore-fn-${f.name}`, "data-name": f.name, "aria-selected": i === selected ? "true" : "false", title: f.description }, h("code", {}, f.signature), " ", h("span", { class: "summary" }, f.group));
      item.addEventListener("mousedown", (event) => {
        event.preventDefault();
        accept(f.name);
      });
      completions.appendChild(item);
    });
  };
  const accept = (name: string) => {
    if (!current) return;
    const next = applyCompletion(editor.value, editor.selectionStart, current, name);
    editor.value = next.text;
    editor.setSelectionRange(next.caret, next.caret);
    current = null;
    completions.hidden = true;
    editor.focus();
  };
  editor.addEventListener("input", showCompletions);
  editor.addEventListener("blur", () => (completions.hidden = true));
  editor.addEventListener("keydown", (event) => {
    if (current && !completions.hidden) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        selected = (selected + (event.key === "ArrowDown" ? 1 : current.matches.length - 1)) % current.matches.length;
        [...completions.children].forEach((c, i) => c.setAttribute("aria-selected", i === selected ? "true" : "false"));
        return;
      }
      if (event.key === "Tab" || event.key === "Enter") {
        event.preventDefault();
        accept(current.matches[selected]!.name);
        return;
      }
      if (event.key === "Escape") {
        completions.hidden = true;
        return;
      }
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      void show();
    }
  });

  const show = async () => {
    state = { ...state, targets: editor.value.split("\n").map((t) => t.trim()).filter((t) => t !== ""), from: range.value };
    const params = writeState(state);
    if (treeFilter.input.value) params.set("q", treeFilter.input.value);
    ctx.replaceQuery(params);
    links.textContent = "";
    dispose?.();
    dispose = null;
    graph.textContent = "";
    if (state.targets.length === 0) {
      graph.append(h("p", { class: "summary" }, "Pick a metric in the tree or type a target, then press Enter."));
      ctx.main.dataset.ready = "explore";
      return;
    }
    links.append("This graph as ", h("a", { href: renderLink(state, "png"), id: "explore-png" }, "PNG"), ", ", h("a", { href: renderLink(state, "svg"), id: "explore-svg" }, "SVG"), ", ", h("a", { href: renderLink(state, "json") }, "JSON"), ", ", h("a", { href: renderLink(state, "csv") }, "CSV"), " (drawn by Mine like graphite-web).");
    try {
      const series = await fetchRender(state.targets, state.from, state.until, 1000, ctx.signal);
      if (ctx.signal.aborted) return;
      graph.dataset.series = String(series.length);
      if (series.length === 0) graph.append(h("p", { class: "summary" }, "No series match."));
      else dispose = drawChart(graph, series, { title: state.targets.join(", ").slice(0, 120) });
    } catch (error) {
      if (!ctx.signal.aborted) graph.append(h("p", { class: "error", role: "alert" }, String(error)));
    }
    ctx.main.dataset.ready = "explore";
  };

  const branch = (node: FindNode): HTMLElement => {
    const leaf = node.leaf === 1 || node.leaf === true;
    const item = h("li", { role: "treeitem", "data-path": node.id, "data-text": node.text, ...(leaf ? {} : { "aria-expanded": "false" }) });
    const button = h("button", { type: "button", class: leaf ? "leaf" : "branch" }, leaf ? node.text : `▸ ${node.text}`);
    item.appendChild(button);
    let children: HTMLElement | null = null;
    button.addEventListener("click", async () => {
      if (leaf) {
        editor.value = editor.value.trim() ? `${editor.value.trim()}\n${node.id}` : node.id;
        await show();
        return;
      }
      if (children) {
        children.hidden = !children.hidden;
        item.setAttribute("aria-expanded", String(!children.hidden));
        button.textContent = `${children.hidden ? "▸" : "▾"} ${node.text}`;
        return;
      }
      children = h("ul", { role: "group" }, (await fetchFind(`${node.id}.*`, ctx.signal)).map(branch));
      item.appendChild(children);
      applyTreeFilter();
      item.setAttribute("aria-expanded", "true");
      button.textContent = `▾ ${node.text}`;
    });
    return item;
  };

  // The tree's filter: a node shows when it matches (its name, or its whole path for a glob such as web-0*.load)
  // or when a node opened under it does; everything under a matching node shows.
  let treeMatches: (item: Filterable) => boolean = () => true;
  const filterList = (list: Element, shownAbove: boolean): boolean => {
    let any = false;
    for (const item of list.children as HTMLCollectionOf<HTMLElement>) {
      const self = shownAbove || treeMatches({ name: item.dataset.text ?? "", also: [item.dataset.path ?? ""] });
      const sub = item.querySelector(":scope > ul");
      const below = sub ? filterList(sub, self) : false;
      item.hidden = !(self || below);
      any ||= !item.hidden;
    }
    return any;
  };
  const applyTreeFilter = () => {
    filterList(tree, false);
    const top = [...tree.children] as HTMLElement[];
    treeFilter.setShown(top.filter((x) => !x.hidden).length, top.length);
  };
  const treeFilter = filterBox({
    id: "explore-filter",
    label: "Filter metrics",
    placeholder: "web-0*, load",
    url: ctx.url,
    signal: ctx.signal,
    replaceQuery: (params) => {
      // The explorer's URL also holds the targets and range: keep them beside q.
      const next = writeState(state);
      const q = params.get("q");
      if (q) next.set("q", q);
      ctx.replaceQuery(next);
    },
    onChange: (m) => {
      treeMatches = m;
      applyTreeFilter();
    },
  });
  treeMatches = compileFilter(treeFilter.input.value);

  range.addEventListener("change", () => void show());
  const form = h(
    "form",
    { class: "explore-form", method: "get", action: "/explore" },
    h("label", { for: "explore-target" }, "Targets"),
    h("div", { class: "editor" }, editor, completions),
    h("label", { for: "explore-range" }, "Time range"),
    range,
    h("button", { type: "submit" }, "Draw"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void show();
  });
  replaceChildren(
    ctx.main,
    h("h1", {}, "Explore"),
    h("div", { class: "explore" }, h("nav", { class: "tree-nav", "aria-label": "Metric tree" }, treeFilter.element, h("div", { class: "tree-box" }, tree)), h("div", { class: "explore-main" }, form, h("p", { id: "explore-help", class: "summary" }, "One target per line; function names complete (Tab or Enter). Enter draws, Shift+Enter adds a line. Drag across the graph to zoom."), links, graph)),
  );
  tree.append(...(await fetchFind("*", ctx.signal)).map(branch));
  applyTreeFilter();
  await show();
}

// One search box for every list (fleet tiles, group members, landmines, host graphs, the metric tree): the same
// syntax everywhere, "/" to jump to it, the query kept in the URL (?q=) so a filtered view can be shared.
import { h } from "./dom";
import { count } from "./format";

/** What a filter looks at: a name, optionally a group (for group:NAME) and other words (titles, metric ids). */
export interface Filterable {
  name: string;
  group?: string;
  also?: readonly string[];
}

/**
 * A query: alternatives separated by commas or spaces; each is a case-insensitive substring, or a glob when it has *
 * or ? (web-0*, db-??, anchored at both ends), or "group:NAME" for a whole group. Empty: everything.
 */
export function compileFilter(query: string): (item: Filterable) => boolean {
  const terms = query
    .split(/[\s,]+/)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
  if (terms.length === 0) return () => true;
  const words = (item: Filterable) => [item.name, ...(item.also ?? [])].map((w) => w.toLowerCase());
  const tests = terms.map((term): ((item: Filterable) => boolean) => {
    if (term.startsWith("group:")) {
      const group = term.slice(6);
      return (item) => (item.group ?? "").toLowerCase() === group;
    }
    if (/[*?]/.test(term)) {
      const pattern = new RegExp(`^${term.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
      return (item) => words(item).some((w) => pattern.test(w));
    }
    return (item) => words(item).some((w) => w.includes(term));
  });
  return (item) => tests.some((test) => test(item));
}

/** "12 of 120 shown" when the filter hides some, else "". */
export function shownLabel(shown: number, total: number): string {
  return shown === total ? "" : `${count(shown)} of ${count(total)} shown`;
}

export interface FilterBox {
  /** The label, the box and the "N of M shown" note. */
  element: HTMLElement;
  input: HTMLInputElement;
  /** Whether the box's current query shows the item (everything while the box is empty). */
  matches(item: Filterable): boolean;
  /** Reports how many items the current query shows. */
  setShown(shown: number, total: number): void;
}

/**
 * A search box with the shared syntax. `onChange` runs on every keystroke with the compiled query; the query goes to
 * the URL's q parameter through `replaceQuery` (other parameters kept); "/" focuses the box while the page is open.
 */
export function filterBox(options: {
  id: string;
  label: string;
  placeholder: string;
  url: URL;
  signal: AbortSignal;
  replaceQuery: (params: URLSearchParams) => void;
  onChange: (matches: (item: Filterable) => boolean, query: string) => void;
}): FilterBox {
  const input = h("input", { id: options.id, type: "search", placeholder: options.placeholder, autocomplete: "off", spellcheck: "false", "aria-describedby": `${options.id}-help` });
  input.value = options.url.searchParams.get("q") ?? "";
  let current = compileFilter(input.value);
  const note = h("span", { class: "summary filter-shown", "aria-live": "polite" });
  const element = h(
    "div",
    { class: "controls filter" },
    h("label", { for: options.id }, options.label),
    input,
    h("span", { id: `${options.id}-help`, class: "sr-only" }, "Names or globs separated by commas or spaces; group:NAME for a group. Press / to come back here."),
    note,
  );
  input.addEventListener("input", () => {
    const params = new URLSearchParams(window.location.search);
    if (input.value) params.set("q", input.value);
    else params.delete("q");
    options.replaceQuery(params);
    current = compileFilter(input.value);
    options.onChange(current, input.value);
  });
  const slash = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !(target instanceof HTMLInputElement) && !(target instanceof HTMLTextAreaElement) && !(target instanceof HTMLSelectElement)) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  };
  document.addEventListener("keydown", slash);
  options.signal.addEventListener("abort", () => document.removeEventListener("keydown", slash), { once: true });
  return { element, input, matches: (item) => current(item), setShown: (shown, total) => (note.textContent = shownLabel(shown, total)) };
}

/** A filter box for a page whose URL holds nothing but the query: `onChange` re-applies `box.matches` to the page. */
export function pageFilterBox(
  ctx: { url: URL; signal: AbortSignal; replaceQuery: (params: URLSearchParams) => void },
  box: { id: string; label: string; placeholder: string },
  onChange: () => void,
): FilterBox {
  return filterBox({ ...box, url: ctx.url, signal: ctx.signal, replaceQuery: (params) => ctx.replaceQuery(params), onChange: () => onChange() });
}

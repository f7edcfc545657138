// Function completion in the target editor: the identifier being typed before the caret → the functions it starts.

export interface FunctionInfo {
  name: string;
  /** "sumSeries(*seriesLists)" */
  signature: string;
  description: string;
  group: string;
}

export interface Completion {
  /** Where the word being completed starts in the text. */
  start: number;
  prefix: string;
  matches: FunctionInfo[];
}

/**
 * The completion at the caret: the identifier that ends there (not a path node: a word after '.' is a metric name,
 * and inside quotes is a string), matched case-insensitively, names that start with it first, then names containing
 * it; at most `limit`. Null when there is nothing to complete.
 */
export function completeAt(text: string, caret: number, functions: readonly FunctionInfo[], limit = 10): Completion | null {
  const before = text.slice(0, caret);
  const match = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before);
  if (!match) return null;
  const start = caret - match[0].length;
  const previous = start > 0 ? before[start - 1]! : "";
  if (previous === "." || /[A-Za-z0-9_\-*{}[\]]/.test(previous)) return null;
  const quotes = (before.slice(0, start).match(/["']/g) ?? []).length;
  if (quotes % 2 === 1) return null;
  const prefix = match[0].toLowerCase();
  const starts = functions.filter((f) => f.name.toLowerCase().startsWith(prefix));
  const contains = prefix.length >= 3 ? functions.filter((f) => !f.name.toLowerCase().startsWith(prefix) && f.name.toLowerCase().includes(prefix)) : [];
  const matches = [...starts.sort((a, b) => a.name.length - b.name.length || a.name.localeCompare(b.name)), ...contains].slice(0, limit);
  if (matches.length === 0 || (matches.length === 1 && matches[0]!.name === match[0])) return null;
  return { start, prefix: match[0], matches };
}

/** The text with the completion applied: the name and an opening parenthesis, and where the caret goes. */
export function applyCompletion(text: string, caret: number, completion: Completion, name: string): { text: string; caret: number } {
  const after = text.slice(caret);
  const open = after.startsWith("(") ? "" : "(";
  const value = text.slice(0, completion.start) + name + open + after;
  return { text: value, caret: completion.start + name.length + 1 };
}

/** /functions (graphite-web's shape: name → {name, function, description, group}) → a sorted list. */
export function functionList(answer: Record<string, { name: string; function?: string; description?: string; group?: string }>): FunctionInfo[] {
  return Object.values(answer)
    .map((f) => ({ name: f.name, signature: f.function ?? `${f.name}()`, description: f.description ?? "", group: f.group ?? "" }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The explorer's URL state: targets (one per line in the editor), from, until. */
export interface ExploreState {
  targets: string[];
  from: string;
  until: string;
}

export function readState(params: URLSearchParams): ExploreState {
  return { targets: params.getAll("target").filter((t) => t.trim() !== ""), from: params.get("from") ?? "-3h", until: params.get("until") ?? "now" };
}

export function writeState(state: ExploreState): URLSearchParams {
  const params = new URLSearchParams();
  for (const t of state.targets) params.append("target", t);
  if (state.from !== "-3h") params.set("from", state.from);
  if (state.until !== "now") params.set("until", state.until);
  return params;
}

/** The same graph from /render in another format (png and svg are drawn by Mine, like graphite-web). */
export function renderLink(state: ExploreState, format: string, width = 800, height = 400): string {
  const params = new URLSearchParams();
  for (const t of state.targets) params.append("target", t);
  params.set("from", state.from);
  params.set("until", state.until);
  params.set("format", format);
  if (format === "png" || format === "svg") {
    params.set("width", String(width));
    params.set("height", String(height));
  }
  return `/render?${params}`;
}

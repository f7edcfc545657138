// The JSON the UI reads from Mine (docs/ui.md, "Fleet API").

/** One host, as /api/fleet/hosts answers it. */
export interface HostInfo {
  name: string;
  group: string;
  /** Unix seconds of the oldest and newest point seen. */
  firstSeen: number;
  lastSeen: number;
  stale: boolean;
  /** Seconds without data after which the host is stale. */
  staleAfter: number;
  /** Observed sending interval in seconds; 0 while unknown. */
  interval: number;
  source: "collectd" | "graphite";
  /** Graphite path of the host's series: its metrics are seriesRoot.* */
  seriesRoot: string;
  plugins: string[];
  /** Signed robust score against the group (positive: over-working); null until the detection fills it. */
  outlierScore: number | null;
}

export interface GroupInfo {
  name: string;
  hosts: number;
  stale: number;
}

/** A fetched answer and the server's clock when it answered (from the Date header), in Unix seconds. */
export interface Timed<T> {
  value: T;
  serverNow: number;
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<Timed<T>> {
  const response = await fetch(url, { headers: { Accept: "application/json" }, ...(signal ? { signal } : {}) });
  if (!response.ok) {
    const text = await response.text();
    throw new Error(`${url}: HTTP ${response.status} ${text.trim()}`);
  }
  const date = Date.parse(response.headers.get("Date") ?? "");
  const serverNow = Number.isNaN(date) ? Date.now() / 1000 : date / 1000;
  return { value: (await response.json()) as T, serverNow };
}

export const fetchHosts = (signal?: AbortSignal) => getJson<HostInfo[]>("/api/fleet/hosts", signal);

export const fetchHost = (name: string, signal?: AbortSignal) =>
  getJson<HostInfo>(`/api/fleet/hosts/${encodeURIComponent(name)}`, signal);

export const fetchGroups = (signal?: AbortSignal) => getJson<GroupInfo[]>("/api/fleet/groups", signal);

/** A render answer in format=json: one entry per series, datapoints as [value, time]. */
export interface RenderSeries {
  target: string;
  tags?: Record<string, string>;
  datapoints: [number | null, number][];
}

export async function fetchRender(targets: string[], from: string, until = "now", maxDataPoints?: number, signal?: AbortSignal): Promise<RenderSeries[]> {
  const query = new URLSearchParams({ format: "json", from, until });
  for (const target of targets) query.append("target", target);
  if (maxDataPoints) query.set("maxDataPoints", String(maxDataPoints));
  const body = query.toString();
  // A group's member list can outgrow a request line (Kestrel takes 8 KiB): long queries go as a form POST.
  if (body.length <= 4000) return (await getJson<RenderSeries[]>(`/render?${body}`, signal)).value;
  const response = await fetch("/render", { method: "POST", headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" }, body, ...(signal ? { signal } : {}) });
  if (!response.ok) throw new Error(`/render (POST): HTTP ${response.status} ${(await response.text()).trim()}`);
  return (await response.json()) as RenderSeries[];
}

/** One current outlier on one metric (/api/fleet/landmines). */
export interface LandmineInfo {
  host: string;
  group: string;
  metric: string;
  title: string;
  side: "above" | "below";
  /** Median |robust score| in the window (as outliers() tags it). */
  severity: number;
  /** Median signed score in the window. */
  score: number;
  /** How long, up to now, the host has been beyond k on its side (capped by rangeSeconds). */
  beyondSeconds: number;
  /** The host's series on this metric, the group's members, and the group's min/average/max band. */
  hostTarget: string;
  membersTarget: string;
  bandTarget: string;
}

export interface LandminesAnswer {
  computedAt: number;
  elapsedSeconds: number;
  k: number;
  window: string;
  windowSeconds: number;
  rangeSeconds: number;
  landmines: LandmineInfo[];
}

export interface GroupMemberScore {
  host: string;
  score: number;
  beyondSeconds: number;
  outlier: boolean;
}

export interface GroupMetricInfo {
  id: string;
  title: string;
  plugin: string;
  membersTarget: string;
  bandTarget: string;
  outliersTarget: string;
  /** Most deviating first. */
  members: GroupMemberScore[];
}

export interface GroupDetail {
  name: string;
  hosts: number;
  stale: number;
  computedAt: number;
  k: number;
  window: string;
  metrics: GroupMetricInfo[];
}

export const fetchLandmines = (signal?: AbortSignal) => getJson<LandminesAnswer>("/api/fleet/landmines", signal);

export const fetchGroup = (name: string, signal?: AbortSignal) =>
  getJson<GroupDetail>(`/api/fleet/groups/${encodeURIComponent(name)}`, signal);

/** A node of /metrics/find. */
export interface FindNode {
  text: string;
  id: string;
  leaf: number | boolean;
  expandable: number | boolean;
}

export const fetchFind = async (query: string, signal?: AbortSignal): Promise<FindNode[]> =>
  (await getJson<FindNode[]>(`/metrics/find?${new URLSearchParams({ query })}`, signal)).value;

/** Every leaf path under the host's root, up to three nodes deep (write_graphite names are at most three). */
export async function fetchLeaves(root: string, signal?: AbortSignal): Promise<string[]> {
  const levels = await Promise.all(
    ["*", "*.*", "*.*.*"].map(async (tail) => (await getJson<{ results: string[] }>(`/metrics/expand?${new URLSearchParams({ query: `${root}.${tail}`, leavesOnly: "1" })}`, signal)).value.results),
  );
  return levels.flat();
}

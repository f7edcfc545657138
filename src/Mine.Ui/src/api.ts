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
  return (await getJson<RenderSeries[]>(`/render?${query}`, signal)).value;
}

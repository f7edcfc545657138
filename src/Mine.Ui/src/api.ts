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
  /** The verdict the Landmines page lists the host by; null for a host that arrived after the computation. */
  verdict: "ok" | "level" | "stale" | "trend" | null;
  /** With a level verdict: over-working (above) or under-working (below). */
  side: "above" | "below" | null;
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

/** One metric behind a landmine: how far off, against the group's median and against the host's own normal. */
export interface LandmineEvidence {
  metric: string;
  title: string;
  /** Signed robust score (positive: over-working). */
  score: number;
  ratioToGroup: number;
  /** Null while the host has too little history for a normal of its own. */
  ratioToNormal: number | null;
  /** How long, up to now, it has been beyond k on its side. */
  beyondSeconds: number;
  /** Beyond k on its own (a combined verdict lists metrics that are not). */
  beyond: boolean;
  /** The host's series on this metric, the group's members, and the group's band. */
  hostTarget: string;
  membersTarget: string;
  bandTarget: string;
}

/** One listed host (/api/fleet/landmines): a level landmine (one metric or several combined) or a stale host. */
export interface LandmineInfo {
  host: string;
  group: string;
  kind: "level" | "stale";
  /** Null for a stale host. */
  side: "above" | "below" | null;
  /** Several metrics mildly off together decided, not one metric alone. */
  combined: boolean;
  severity: number;
  score: number | null;
  /** Unix seconds: since when it is off (a stale host: its last point). */
  since: number;
  /** Why it is listed, in words. */
  reason: string;
  beyondSeconds: number;
  /** The metrics behind it, most telling first; empty for a stale host. */
  evidence: LandmineEvidence[];
}

/** A series on its way to a limit within the horizon (a disk full tonight, memory growing without end). */
export interface TrendInfo {
  kind: "trend";
  host: string;
  group: string;
  metric: string;
  title: string;
  /** What reaches the limit ("/var", "memory"). */
  subject: string;
  unit: string;
  limit: number;
  level: number;
  ratePerHour: number;
  /** Unix seconds at which the fitted line reaches the limit; null when only the growth against the group is known. */
  expectedAt: number | null;
  /** Kendall's tau of the fit. */
  confidence: number;
  since: number;
  windowSeconds: number;
  evidence: string;
  usedTarget: string;
  limitTarget: string;
  timeToLimitTarget: string;
}

export interface LandminesAnswer {
  computedAt: number;
  elapsedSeconds: number;
  k: number;
  window: string;
  windowSeconds: number;
  rangeSeconds: number;
  /** The chance of any false alarm in a group, per computation, that the thresholds allow. */
  falseAlarmRate: number;
  landmines: LandmineInfo[];
  trends: TrendInfo[];
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

/** One alert of GET /api/alerts (docs/alerts.md). */
export interface AlertInfo {
  key: string;
  kind: "landmine" | "stale" | "rule";
  state: "firing" | "resolving" | "pending";
  host: string | null;
  group: string | null;
  /** The worst metric or "combined" (landmine), the host (stale), the rule's name (rule). */
  subject: string;
  summary: string;
  /** A rule's last value. */
  value: number | null;
  /** Unix seconds: when the condition started. */
  since: number;
  firedAt: number | null;
  resolvingSince: number | null;
  /** Whether the firing message went out (false while a silence holds it back). */
  sent: boolean;
  silencedBy: string | null;
  flaps: number;
}

/** One webhook message: when, where (scheme and host only), which alerts ("firing stale:web-017"), how it went. */
export interface DeliveryInfo {
  at: number;
  webhook: string;
  alerts: string[];
  attempts: number;
  result: "delivered" | "failed" | "dropped" | string;
  detail: string | null;
}

export interface SilenceInfo {
  id: string;
  host: string | null;
  group: string | null;
  kind: string | null;
  starts: number;
  ends: number;
  comment: string | null;
}

export interface AlertRuleInfo {
  name: string;
  target: string;
  condition: string;
  for: string;
}

export interface AlertsAnswer {
  now: number;
  firing: AlertInfo[];
  pending: AlertInfo[];
  /** The last messages, newest first. */
  deliveries: DeliveryInfo[];
  queued: number;
  silences: SilenceInfo[];
  rules: AlertRuleInfo[];
  webhooks: string[];
}

export const fetchAlerts = (signal?: AbortSignal) => getJson<AlertsAnswer>("/api/alerts", signal);

/** An admin write's outcome: ok, or the HTTP status and the server's words (a refusal says what to send). */
export type WriteResult = { ok: true } | { ok: false; status: number; detail: string };

/** An admin write (docs/security.md): the token goes in the Authorization header, never in the URL. */
export async function adminWrite(method: "POST" | "DELETE", url: string, token: string, body?: unknown): Promise<WriteResult> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (response.ok) return { ok: true };
  return { ok: false, status: response.status, detail: (await response.text()).trim() };
}

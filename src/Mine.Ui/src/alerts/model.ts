// The Alerts page's pure logic: the order firing alerts are listed in, durations as people read them, the silence
// form's duration, and the counts the page's summary line states. No DOM here, so vitest covers all of it.
import type { AlertInfo, AlertsAnswer, SilenceInfo } from "../api";
import { plural } from "../format";

/**
 * Firing alerts as the page lists them: firing before resolving (a resolving one is on its way out), then the
 * oldest first (what has lasted longest is the most urgent), then by key so the order holds between refreshes.
 */
export function orderAlerts(alerts: readonly AlertInfo[]): AlertInfo[] {
  const phase = (a: AlertInfo) => (a.state === "firing" ? 0 : 1);
  return [...alerts].sort((a, b) => phase(a) - phase(b) || a.since - b.since || a.key.localeCompare(b.key));
}

/** Silences ending soonest first (the ones about to let messages through again). */
export function orderSilences(silences: readonly SilenceInfo[]): SilenceInfo[] {
  return [...silences].sort((a, b) => a.ends - b.ends || a.id.localeCompare(b.id));
}

/** A span in seconds as "45 s", "12 min", "3 h 20 min", "2 d 4 h": two units at most, rounded down. */
export function spanLabel(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) {
    const minutes = Math.floor((s % 3600) / 60);
    return `${Math.floor(s / 3600)} h${minutes ? ` ${minutes} min` : ""}`;
  }
  const hours = Math.floor((s % 86400) / 3600);
  return `${Math.floor(s / 86400)} d${hours ? ` ${hours} h` : ""}`;
}

/**
 * The silence form's duration, as the API takes it ("30m", "1h", "4h", "1d", "90s", "1h30m", or bare seconds), in
 * seconds; null when it is not one (the form says what to write). Spaces and case are forgiven ("4 H").
 */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, "");
  if (t === "") return null;
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return n > 0 ? n : null;
  }
  if (!/^(\d+[smhdw])+$/.test(t)) return null;
  const unit: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  for (const [, n, u] of t.matchAll(/(\d+)([smhdw])/g)) total += Number(n) * unit[u!]!;
  return total > 0 ? total : null;
}

/** The API's own spelling of a duration (it takes s, m, h, d): the largest unit that divides it exactly. */
export function formatDuration(seconds: number): string {
  for (const [size, unit] of [[86400, "d"], [3600, "h"], [60, "m"]] as const) if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

export interface AlertCounts {
  firing: number;
  resolving: number;
  pending: number;
  /** Firing or resolving alerts a silence holds back. */
  silenced: number;
  /** Deliveries among the listed ones that did not arrive (failed or dropped). */
  undelivered: number;
}

export function alertCounts(answer: AlertsAnswer): AlertCounts {
  return {
    firing: answer.firing.filter((a) => a.state === "firing").length,
    resolving: answer.firing.filter((a) => a.state === "resolving").length,
    pending: answer.pending.length,
    silenced: answer.firing.filter((a) => a.silencedBy !== null).length,
    undelivered: answer.deliveries.filter((d) => d.result !== "delivered").length,
  };
}

/** "3 firing (1 silenced), 1 resolving, 2 pending; 1 delivery failed": the page's first line. */
export function summaryText(c: AlertCounts): string {
  const parts = [`${c.firing} firing${c.silenced ? ` (${c.silenced} silenced)` : ""}`, `${c.resolving} resolving`, `${c.pending} pending`];
  const tail = c.undelivered ? `; ${plural(c.undelivered, "delivery", "deliveries")} not delivered` : "";
  return `${parts.join(", ")}${tail}.`;
}

/** What a silence covers, in words: "host web-017, stale alerts", "group db, every kind". */
export function silenceScope(s: Pick<SilenceInfo, "host" | "group" | "kind">): string {
  const who = [s.host ? `host ${s.host}` : null, s.group ? `group ${s.group}` : null].filter(Boolean).join(" in ");
  return `${who}, ${s.kind ? `${s.kind} alerts` : "every kind"}`;
}

/** A silence request the form builds; null fields are left out of the JSON. */
export interface SilenceRequest {
  host?: string;
  group?: string;
  kind?: string;
  duration: string;
  comment?: string;
}

/** Checks the form's fields and builds the request, or says what is missing in one sentence. */
export function silenceRequest(fields: { target: "host" | "group"; name: string; kind: string; duration: string; comment: string }): SilenceRequest | string {
  const name = fields.name.trim();
  if (!name) return `Write the ${fields.target} to silence.`;
  const seconds = parseDuration(fields.duration);
  if (seconds === null) return `"${fields.duration}" is not a duration: write 30m, 1h, 4h or 1d.`;
  const request: SilenceRequest = { duration: formatDuration(seconds) };
  request[fields.target] = name;
  if (fields.kind) request.kind = fields.kind;
  if (fields.comment.trim()) request.comment = fields.comment.trim();
  return request;
}

/** What a refused write (401, 403) tells the reader to do. */
export function refusalText(status: number, detail: string): string {
  if (status === 403) return `Refused (HTTP 403): ${detail || "Mine does not take this write from here"}`;
  if (status === 401) {
    return `Refused (HTTP 401): the admin token is missing or wrong. Mine's startup block names the file it is in (by default admin-token in the data folder, <data>/admin-token); paste its content into "Admin token" and try again.`;
  }
  return `Mine answered HTTP ${status}: ${detail || "no detail"}`;
}

// The Fleet page's rules, without the DOM: tile state and colour level, filtering, grouping and counts.
import type { HostInfo } from "../api";
import { compileFilter } from "../filter";

/** What a tile shows: over and under for level landmines (by side), trend for a host nearing a limit. */
export type TileState = "ok" | "stale" | "over" | "under" | "trend";

/** Robust score from which a host counts as an outlier (the render API's outliers() default k). */
export const OUTLIER_THRESHOLD = 3;

export interface Tile {
  state: TileState;
  /** 0 for ok and stale; 1..3 for landmines, by how far past the threshold (3, 4.5, 6 robust deviations). */
  level: number;
}

const levelOf = (score: number | null) => {
  const excess = score !== null && Number.isFinite(score) ? Math.abs(score) / OUTLIER_THRESHOLD : 1;
  return excess >= 2 ? 3 : excess >= 1.5 ? 2 : 1;
};

/**
 * A host's tile. Stale wins (a host that stopped sending is the first thing to look at, and its score is old). Then
 * the verdict the Landmines page lists the host by, so that the tiles and counts agree with that page: a level
 * landmine over or under (its level from the score), a trend, or ok. Without a verdict (a host that arrived after the
 * computation, or an older server), the outlier score decides: at or past the threshold, over or under.
 */
export function tileOf(host: Pick<HostInfo, "stale" | "outlierScore"> & Partial<Pick<HostInfo, "verdict" | "side">>): Tile {
  if (host.stale || host.verdict === "stale") return { state: "stale", level: 0 };
  const score = host.outlierScore;
  switch (host.verdict) {
    case "level": {
      const above = host.side ? host.side === "above" : (score ?? 0) >= 0;
      return { state: above ? "over" : "under", level: levelOf(score) };
    }
    case "trend":
      return { state: "trend", level: 1 };
    case "ok":
      return { state: "ok", level: 0 };
    default:
      if (score !== null && Number.isFinite(score) && Math.abs(score) >= OUTLIER_THRESHOLD) return { state: score > 0 ? "over" : "under", level: levelOf(score) };
      return { state: "ok", level: 0 };
  }
}

export const STATE_LABEL: Record<TileState, string> = {
  ok: "ok",
  stale: "stale",
  over: "over-working",
  under: "under-working",
  trend: "nearing a limit",
};

/** Which tiles the state filter keeps: everything, only stale, only outliers (over or under), only ok. */
export type StateFilter = "all" | "stale" | "outliers" | "ok";

export function stateMatches(tile: Tile, filter: StateFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "stale":
      return tile.state === "stale";
    case "outliers":
      return tile.state === "over" || tile.state === "under" || tile.state === "trend";
    case "ok":
      return tile.state === "ok";
  }
}

/** The Fleet's search box: the shared filter syntax (filter.ts) on the host's name and group. */
export function compileQuery(query: string): (host: Pick<HostInfo, "name" | "group">) => boolean {
  return compileFilter(query);
}

export interface GroupView {
  name: string;
  hosts: HostInfo[];
  stale: number;
  outliers: number;
}

/** Hosts by group, groups by name, members in natural order (web-2 before web-10). */
export function groupHosts(hosts: readonly HostInfo[]): GroupView[] {
  const groups = new Map<string, GroupView>();
  for (const host of hosts) {
    let group = groups.get(host.group);
    if (!group) {
      group = { name: host.group, hosts: [], stale: 0, outliers: 0 };
      groups.set(host.group, group);
    }
    group.hosts.push(host);
    const tile = tileOf(host);
    if (tile.state === "stale") group.stale++;
    else if (tile.state !== "ok") group.outliers++;
  }
  const views = [...groups.values()].sort((a, b) => naturalCompare(a.name, b.name));
  for (const view of views) view.hosts.sort((a, b) => naturalCompare(a.name, b.name));
  return views;
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Names with numbers in natural order: web-2 < web-10. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export interface FleetCounts {
  hosts: number;
  groups: number;
  stale: number;
  outliers: number;
}

export function countFleet(groups: readonly GroupView[]): FleetCounts {
  let hosts = 0;
  let stale = 0;
  let outliers = 0;
  for (const g of groups) {
    hosts += g.hosts.length;
    stale += g.stale;
    outliers += g.outliers;
  }
  return { hosts, groups: groups.length, stale, outliers };
}

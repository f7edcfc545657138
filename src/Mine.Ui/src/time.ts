// One way of writing times on every page and axis: a 24-hour clock in one time zone (the browser's, or UTC when the
// reader picks it), and the zone's name shown with it, so "14:05" is never read in the wrong zone.

/** Which zone times are written in: the browser's ("local") or UTC. Remembered in localStorage. */
export type ZoneChoice = "local" | "utc";

export const ZONE_KEY = "mine.zone";

export function parseZone(value: string | null | undefined): ZoneChoice {
  return value === "utc" ? "utc" : "local";
}

/** The IANA zone Intl is given: undefined means the browser's own. */
export function zoneId(choice: ZoneChoice): string | undefined {
  return choice === "utc" ? "UTC" : undefined;
}

let current: ZoneChoice = "local";

/** The zone every formatter below uses unless told otherwise (the header's button sets it). */
export function setZone(choice: ZoneChoice): void {
  current = choice;
}

export function zone(): ZoneChoice {
  return current;
}

export function storedZone(): ZoneChoice {
  try {
    return parseZone(localStorage.getItem(ZONE_KEY));
  } catch {
    return "local";
  }
}

export function storeZone(choice: ZoneChoice): void {
  try {
    if (choice === "local") localStorage.removeItem(ZONE_KEY);
    else localStorage.setItem(ZONE_KEY, choice);
  } catch {
    // Storage may be off (private mode): the choice lasts for this page only.
  }
}

interface Parts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  monthName: string;
  zoneName: string;
}

// Intl formatters are costly to make and axes format often: one per zone.
const formatters = new Map<string, { numeric: Intl.DateTimeFormat; named: Intl.DateTimeFormat }>();

function partsOf(seconds: number, timeZone: string | undefined): Parts {
  const key = timeZone ?? "";
  let f = formatters.get(key);
  if (!f) {
    const zoneOption = timeZone ? { timeZone } : {};
    f = {
      // en-GB: day-month order and zone abbreviations such as CET, BST, UTC (en-US writes GMT+1 for Berlin).
      numeric: new Intl.DateTimeFormat("en-GB", { ...zoneOption, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short" }),
      named: new Intl.DateTimeFormat("en-GB", { ...zoneOption, month: "short" }),
    };
    formatters.set(key, f);
  }
  const date = new Date(seconds * 1000);
  const out: Record<string, string> = {};
  for (const part of f.numeric.formatToParts(date)) out[part.type] = part.value;
  return {
    year: out["year"] ?? "",
    month: out["month"] ?? "",
    day: out["day"] ?? "",
    // Some engines write midnight as "24" even with h23; the clock never shows 24.
    hour: out["hour"] === "24" ? "00" : (out["hour"] ?? ""),
    minute: out["minute"] ?? "",
    second: out["second"] ?? "",
    monthName: f.named.format(date),
    zoneName: out["timeZoneName"] ?? "",
  };
}

/** The zone's short name at that moment: "CET", "CEST", "UTC", "GMT+9". */
export function zoneName(seconds: number, timeZone: string | undefined = zoneId(current)): string {
  return partsOf(seconds, timeZone).zoneName;
}

/** "14:05" (or "14:05:30" with seconds), 24-hour. */
export function clockTime(seconds: number, withSeconds = false, timeZone: string | undefined = zoneId(current)): string {
  const p = partsOf(seconds, timeZone);
  return withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

/** "2026-12-07 14:05:30 CET": a full time, for facts and the charts' legends. */
export function dateTime(seconds: number, timeZone: string | undefined = zoneId(current)): string {
  const p = partsOf(seconds, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.zoneName}`;
}

/** "7 Dec": the date line of an axis. */
export function shortDate(seconds: number, timeZone: string | undefined = zoneId(current)): string {
  const p = partsOf(seconds, timeZone);
  return `${Number(p.day)} ${p.monthName}`;
}

/**
 * Labels of a time axis's ticks, `increment` seconds apart. Under a minute: "14:05:30"; under a day: "14:05", with
 * the date under the first tick and under each tick that starts another day; a day or more: the date alone.
 */
export function axisLabels(ticks: readonly number[], increment: number, timeZone: string | undefined = zoneId(current)): string[] {
  if (increment >= 86400) return ticks.map((t) => shortDate(t, timeZone));
  let previousDay = "";
  return ticks.map((t) => {
    const p = partsOf(t, timeZone);
    const time = increment < 60 ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
    const day = `${p.year}-${p.month}-${p.day}`;
    const label = day !== previousDay ? `${time}\n${Number(p.day)} ${p.monthName}` : time;
    previousDay = day;
    return label;
  });
}

/** The header button's words: "Times: local (CET)", "Times: UTC". */
export function zoneLabel(choice: ZoneChoice, now: number): string {
  return choice === "utc" ? "Times: UTC" : `Times: local (${zoneName(now, undefined)})`;
}

import { describe, expect, it } from "vitest";
import { axisLabels, clockTime, dateTime, parseZone, shortDate, zoneId, zoneLabel, zoneName } from "../src/time";

// 2026-12-07 13:05:30 UTC: winter, Berlin is UTC+1 (CET). 2026-07-01 12:00 UTC: summer, Berlin is CEST.
const winter = Date.UTC(2026, 11, 7, 13, 5, 30) / 1000;
const summer = Date.UTC(2026, 6, 1, 12, 0, 0) / 1000;

describe("times", () => {
  it("are written on a 24-hour clock with the zone's name", () => {
    expect(clockTime(winter, false, "UTC")).toBe("13:05");
    expect(clockTime(winter, true, "Europe/Berlin")).toBe("14:05:30");
    expect(clockTime(Date.UTC(2026, 11, 7, 23, 0, 0) / 1000, false, "UTC")).toBe("23:00");
    expect(clockTime(Date.UTC(2026, 11, 7, 0, 0, 0) / 1000, false, "UTC")).toBe("00:00");
    expect(dateTime(winter, "Europe/Berlin")).toBe("2026-12-07 14:05:30 CET");
    expect(dateTime(summer, "Europe/Berlin")).toBe("2026-07-01 14:00:00 CEST");
    expect(dateTime(winter, "UTC")).toBe("2026-12-07 13:05:30 UTC");
    expect(zoneName(winter, "UTC")).toBe("UTC");
    expect(zoneName(summer, "Europe/Berlin")).toBe("CEST");
    expect(shortDate(winter, "UTC")).toBe("7 Dec");
  });

  it("never say am or pm", () => {
    for (let hour = 0; hour < 24; hour++) {
      const t = Date.UTC(2026, 11, 7, hour, 0, 0) / 1000;
      expect(dateTime(t, "UTC")).not.toMatch(/am|pm/i);
      expect(clockTime(t, false, "UTC")).toBe(`${String(hour).padStart(2, "0")}:00`);
    }
  });

  it("label axis ticks by their spacing, with the date under the first tick and each new day", () => {
    const start = Date.UTC(2026, 11, 7, 22, 0, 0) / 1000;
    const hourly = [0, 1, 2, 3].map((i) => start + i * 3600);
    expect(axisLabels(hourly, 3600, "UTC")).toEqual(["22:00\n7 Dec", "23:00", "00:00\n8 Dec", "01:00"]);
    expect(axisLabels([start, start + 30], 30, "UTC")).toEqual(["22:00:00\n7 Dec", "22:00:30"]);
    expect(axisLabels([start, start + 86400], 86400, "UTC")).toEqual(["7 Dec", "8 Dec"]);
    // The same ticks in Berlin: one hour later, and the day changes a tick earlier.
    expect(axisLabels(hourly, 3600, "Europe/Berlin")).toEqual(["23:00\n7 Dec", "00:00\n8 Dec", "01:00", "02:00"]);
  });

  it("are in the browser's zone unless UTC is chosen", () => {
    expect(parseZone("utc")).toBe("utc");
    expect(parseZone(null)).toBe("local");
    expect(parseZone("mars")).toBe("local");
    expect(zoneId("utc")).toBe("UTC");
    expect(zoneId("local")).toBeUndefined();
    expect(zoneLabel("utc", winter)).toBe("Times: UTC");
    expect(zoneLabel("local", winter)).toMatch(/^Times: local \(.+\)$/);
  });
});

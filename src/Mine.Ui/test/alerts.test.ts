import { describe, expect, it } from "vitest";
import type { AlertInfo, AlertsAnswer, SilenceInfo } from "../src/api";
import { alertCounts, formatDuration, orderAlerts, orderSilences, parseDuration, refusalText, silenceRequest, silenceScope, spanLabel, summaryText } from "../src/alerts/model";

const alert = (key: string, since: number, state: AlertInfo["state"] = "firing", silencedBy: string | null = null): AlertInfo => ({
  key,
  kind: "stale",
  state,
  host: key.split(":")[1] ?? null,
  group: "web",
  subject: key,
  summary: `${key} summary`,
  value: null,
  since,
  firedAt: since + 30,
  resolvingSince: state === "resolving" ? since + 100 : null,
  sent: silencedBy === null,
  silencedBy,
  flaps: 0,
});

const silence = (id: string, ends: number): SilenceInfo => ({ id, host: "web-017", group: null, kind: null, starts: 0, ends, comment: null });

describe("alerts model", () => {
  it("lists firing before resolving, oldest first, then by key", () => {
    const ordered = orderAlerts([alert("stale:b", 200), alert("stale:r", 50, "resolving"), alert("stale:a", 200), alert("stale:old", 100)]);
    expect(ordered.map((a) => a.key)).toEqual(["stale:old", "stale:a", "stale:b", "stale:r"]);
  });

  it("lists silences ending soonest first", () => {
    expect(orderSilences([silence("x", 300), silence("y", 100), silence("a", 300)]).map((s) => s.id)).toEqual(["y", "a", "x"]);
  });

  it("writes spans with two units at most", () => {
    expect(spanLabel(45)).toBe("45 s");
    expect(spanLabel(-3)).toBe("0 s");
    expect(spanLabel(12 * 60 + 59)).toBe("12 min");
    expect(spanLabel(3600)).toBe("1 h");
    expect(spanLabel(3 * 3600 + 20 * 60 + 5)).toBe("3 h 20 min");
    expect(spanLabel(2 * 86400 + 4 * 3600 + 59)).toBe("2 d 4 h");
  });

  it("parses the form's durations as the API takes them", () => {
    expect(parseDuration("1h")).toBe(3600);
    expect(parseDuration(" 4 H ")).toBe(14400);
    expect(parseDuration("1d")).toBe(86400);
    expect(parseDuration("30m")).toBe(1800);
    expect(parseDuration("1h30m")).toBe(5400);
    expect(parseDuration("90")).toBe(90);
    expect(parseDuration("")).toBeNull();
    expect(parseDuration("0m")).toBeNull();
    expect(parseDuration("soon")).toBeNull();
    expect(parseDuration("1.5h")).toBeNull();
    expect(parseDuration("h")).toBeNull();
  });

  it("spells durations back in the largest exact unit", () => {
    expect(formatDuration(5400)).toBe("90m");
    expect(formatDuration(86400)).toBe("1d");
    expect(formatDuration(14400)).toBe("4h");
    expect(formatDuration(61)).toBe("61s");
  });

  it("counts firing, resolving, pending, silenced and undelivered", () => {
    const answer: AlertsAnswer = {
      now: 1000,
      firing: [alert("stale:a", 1), alert("stale:b", 2, "firing", "s1"), alert("stale:c", 3, "resolving")],
      pending: [alert("rule:x", 4, "pending")],
      deliveries: [
        { at: 1, webhook: "json http://x", alerts: ["firing stale:a"], attempts: 1, result: "delivered", detail: "HTTP 200" },
        { at: 2, webhook: "json http://x", alerts: ["firing stale:b"], attempts: 10, result: "failed", detail: "HTTP 500" },
      ],
      queued: 0,
      silences: [],
      rules: [],
      webhooks: [],
    };
    const counts = alertCounts(answer);
    expect(counts).toEqual({ firing: 2, resolving: 1, pending: 1, silenced: 1, undelivered: 1 });
    expect(summaryText(counts)).toBe("2 firing (1 silenced), 1 resolving, 1 pending; 1 delivery not delivered.");
    expect(summaryText({ firing: 0, resolving: 0, pending: 0, silenced: 0, undelivered: 0 })).toBe("0 firing, 0 resolving, 0 pending.");
  });

  it("builds the silence request or says what is missing", () => {
    expect(silenceRequest({ target: "host", name: " web-088 ", kind: "stale", duration: "4h", comment: " swap disk " })).toEqual({ host: "web-088", kind: "stale", duration: "4h", comment: "swap disk" });
    expect(silenceRequest({ target: "group", name: "db", kind: "", duration: "1d", comment: "" })).toEqual({ group: "db", duration: "1d" });
    expect(silenceRequest({ target: "host", name: "", kind: "", duration: "1h", comment: "" })).toBe("Write the host to silence.");
    expect(silenceRequest({ target: "host", name: "web-1", kind: "", duration: "later", comment: "" })).toMatch(/not a duration/);
  });

  it("says what a silence covers", () => {
    expect(silenceScope({ host: "web-017", group: null, kind: "stale" })).toBe("host web-017, stale alerts");
    expect(silenceScope({ host: null, group: "db", kind: null })).toBe("group db, every kind");
  });

  it("tells where the admin token is on a refusal", () => {
    expect(refusalText(401, "needs the admin token")).toMatch(/admin-token/);
    expect(refusalText(403, "Writes from a web page of another origin are refused")).toMatch(/another origin/);
    expect(refusalText(400, "bad duration")).toMatch(/400: bad duration/);
  });
});

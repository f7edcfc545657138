import { describe, expect, it } from "vitest";
import { ago, count, interval, plural } from "../src/format";
import { effectiveTheme, nextTheme, parseTheme } from "../src/theme";

describe("theme", () => {
  it("cycles system → light → dark → system", () => {
    expect(nextTheme("auto")).toBe("light");
    expect(nextTheme("light")).toBe("dark");
    expect(nextTheme("dark")).toBe("auto");
  });

  it("follows the system only when asked to", () => {
    expect(effectiveTheme("auto", true)).toBe("dark");
    expect(effectiveTheme("auto", false)).toBe("light");
    expect(effectiveTheme("light", true)).toBe("light");
    expect(parseTheme("dark")).toBe("dark");
    expect(parseTheme("purple")).toBe("auto");
    expect(parseTheme(null)).toBe("auto");
  });
});

describe("format", () => {
  it("says how long ago", () => {
    expect(ago(1000, 1000)).toBe("just now");
    expect(ago(1000, 1042)).toBe("42 s ago");
    expect(ago(1000, 1000 + 300)).toBe("5 min ago");
    expect(ago(1000, 1000 + 3 * 3600)).toBe("3 h ago");
    expect(ago(1000, 1000 + 3 * 86400)).toBe("3 d ago");
    expect(ago(2000, 1000)).toBe("in the future");
  });

  it("writes intervals and counts", () => {
    expect(interval(0)).toBe("unknown");
    expect(interval(10)).toBe("10 s");
    expect(interval(180)).toBe("3 min");
    expect(count(1300)).toBe("1,300");
    expect(plural(1, "host")).toBe("1 host");
    expect(plural(1300, "host")).toBe("1,300 hosts");
  });
});

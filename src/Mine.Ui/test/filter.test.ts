import { describe, expect, it } from "vitest";
import { compileFilter, shownLabel } from "../src/filter";

describe("the shared filter", () => {
  const web = { name: "web-007", group: "web", also: ["load", "Load (1 min)"] };
  const db = { name: "db-005", group: "db", also: ["memory", "Memory used"] };

  it("keeps everything when empty", () => {
    expect(compileFilter("")(web)).toBe(true);
    expect(compileFilter(" , ")(db)).toBe(true);
  });

  it("matches substrings of the name and the other words, case-insensitively", () => {
    expect(compileFilter("WEB-00")(web)).toBe(true);
    expect(compileFilter("memory")(db)).toBe(true);
    expect(compileFilter("memory")(web)).toBe(false);
    expect(compileFilter("1 min")(web)).toBe(true); // "1" and "min" are two alternatives
  });

  it("anchors globs at both ends", () => {
    expect(compileFilter("web-0*")(web)).toBe(true);
    expect(compileFilter("eb-0*")(web)).toBe(false);
    expect(compileFilter("db-??5")(db)).toBe(true);
    expect(compileFilter("web-*.load")({ name: "load", also: ["web-001.load"] })).toBe(true);
  });

  it("selects a whole group with group:NAME and joins alternatives", () => {
    expect(compileFilter("group:db")(db)).toBe(true);
    expect(compileFilter("group:db")(web)).toBe(false);
    expect(compileFilter("group:db")({ name: "db-001" })).toBe(false);
    const either = compileFilter("group:db, web-007");
    expect(either(web) && either(db)).toBe(true);
  });

  it("says how many are shown only when some are hidden", () => {
    expect(shownLabel(120, 120)).toBe("");
    expect(shownLabel(12, 1300)).toBe("12 of 1,300 shown");
  });
});

import { describe, expect, it } from "vitest";
import { applyCompletion, completeAt, functionList, readState, renderLink, writeState } from "../src/explore/complete";

const FUNCTIONS = functionList({
  sumSeries: { name: "sumSeries", function: "sumSeries(*seriesLists)", group: "Combine" },
  sum: { name: "sum", function: "sum(*seriesLists)", group: "Combine" },
  summarize: { name: "summarize", function: "summarize(seriesList, intervalString)", group: "Transform" },
  outliers: { name: "outliers", function: "outliers(seriesList, k=3)", group: "Fleet" },
  band: { name: "band", function: "band(seriesList)", group: "Fleet" },
  groupByNode: { name: "groupByNode", group: "Combine" },
});

describe("function completion", () => {
  it("completes the identifier before the caret, shortest names that start with it first", () => {
    const c = completeAt("sum", 3, FUNCTIONS)!;
    expect(c.start).toBe(0);
    expect(c.matches.map((f) => f.name)).toEqual(["sum", "summarize", "sumSeries"]);
    expect(completeAt("band(outl", 9, FUNCTIONS)!.matches.map((f) => f.name)).toEqual(["outliers"]);
    expect(completeAt("ByNode", 6, FUNCTIONS)!.matches.map((f) => f.name)).toEqual(["groupByNode"]);
  });

  it("does not complete metric path nodes, strings, or a name already complete", () => {
    expect(completeAt("web-001.sum", 11, FUNCTIONS)).toBeNull();
    expect(completeAt('alias(x, "sum', 13, FUNCTIONS)).toBeNull();
    expect(completeAt("band", 4, FUNCTIONS)).toBeNull();
    expect(completeAt("zzz", 3, FUNCTIONS)).toBeNull();
    expect(completeAt("", 0, FUNCTIONS)).toBeNull();
  });

  it("inserts the name and an opening parenthesis, caret after it", () => {
    const text = "band(outl)";
    const c = completeAt(text, 9, FUNCTIONS)!;
    expect(applyCompletion(text, 9, c, "outliers")).toEqual({ text: "band(outliers()", caret: 14 });
    const again = "sumS(x)";
    expect(applyCompletion(again, 4, completeAt(again, 4, FUNCTIONS)!, "sumSeries")).toEqual({ text: "sumSeries(x)", caret: 10 });
  });
});

describe("explorer URLs", () => {
  it("round-trips targets and range through the query string, defaults left out", () => {
    const state = { targets: ["web-001.load.load.shortterm", 'alias(x,"a b")'], from: "-6h", until: "now" };
    const params = writeState(state);
    expect(params.toString()).toBe("target=web-001.load.load.shortterm&target=alias%28x%2C%22a+b%22%29&from=-6h");
    expect(readState(new URLSearchParams(params.toString()))).toEqual(state);
    expect(readState(new URLSearchParams(""))).toEqual({ targets: [], from: "-3h", until: "now" });
  });

  it("links to the same graph in other formats", () => {
    const link = renderLink({ targets: ["a.b"], from: "-1h", until: "now" }, "png");
    expect(link).toBe("/render?target=a.b&from=-1h&until=now&format=png&width=800&height=400");
    expect(renderLink({ targets: ["a.b"], from: "-1h", until: "now" }, "json")).toBe("/render?target=a.b&from=-1h&until=now&format=json");
  });
});

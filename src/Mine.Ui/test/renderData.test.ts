import { describe, expect, it } from "vitest";
import { alignSeries, shortLabels } from "../src/chart/renderData";

describe("render JSON to chart columns", () => {
  it("aligns series with different timestamps on their union, null where absent", () => {
    const aligned = alignSeries([
      { target: "a", datapoints: [[1, 60], [2, 120], [null, 180]] },
      { target: "b", datapoints: [[5, 120], [6, 240]] },
    ]);
    expect(aligned.times).toEqual([60, 120, 180, 240]);
    expect(aligned.columns).toEqual([
      [1, 2, null, null],
      [null, 5, null, 6],
    ]);
    expect(aligned.labels).toEqual(["a", "b"]);
  });

  it("labels series by the nodes that differ", () => {
    expect(shortLabels(["web-1.load.load.shortterm", "web-1.load.load.midterm"])).toEqual(["shortterm", "midterm"]);
    expect(shortLabels(["web-1.cpu-0.cpu-user", "web-2.cpu-0.cpu-user"])).toEqual(["web-1", "web-2"]);
    expect(shortLabels(["web-1.load.load.shortterm"])).toEqual(["shortterm"]);
  });
});

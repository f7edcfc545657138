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

import { stackColumns } from "../src/chart/renderData";

describe("stacking", () => {
  it("sums from the bottom up", () => {
    expect(stackColumns([[1, 2], [10, 20], [100, 200]])).toEqual({ sums: [[1, 2], [11, 22], [111, 222]], trimmed: 0 });
  });

  it("leaves out the trailing interval still being filled instead of drawing it at zero", () => {
    // The newest minute: nothing reported yet by anyone, and before it one series still missing.
    const { sums, trimmed } = stackColumns([
      [1, 1, 1, null],
      [2, 2, null, null],
      [3, 3, 3, null],
    ]);
    expect(trimmed).toBe(2);
    expect(sums).toEqual([
      [1, 1, null, null],
      [3, 3, null, null],
      [6, 6, null, null],
    ]);
    expect(sums.flat()).not.toContain(0);
  });

  it("carries a missing value in the middle as a gap of that series and those above it", () => {
    const { sums, trimmed } = stackColumns([
      [1, 1, 1],
      [2, null, 2],
      [3, 3, 3],
    ]);
    expect(trimmed).toBe(0);
    expect(sums).toEqual([
      [1, 1, 1],
      [3, null, 3],
      [6, null, 6],
    ]);
  });

  it("does not let a series that never reports blank the stack", () => {
    const { sums, trimmed } = stackColumns([
      [1, 2],
      [null, null],
      [3, 4],
    ]);
    expect(trimmed).toBe(0);
    expect(sums).toEqual([
      [1, 2],
      [1, 2],
      [4, 6],
    ]);
  });

  it("keeps what there is when no timestamp is complete", () => {
    const { sums, trimmed } = stackColumns([
      [1, null],
      [null, 2],
    ]);
    expect(trimmed).toBe(0);
    expect(sums).toEqual([
      [1, null],
      [null, null],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { composeHost, leadWith, showsMetric, splitPluginNode } from "../src/host/compose";

const CPU = ["user", "system", "wait", "idle"];
const DEMO = [
  ...["0", "1"].flatMap((core) => CPU.map((s) => `cpu-${core}.cpu-${s}`)),
  "load.load.shortterm",
  "load.load.midterm",
  "load.load.longterm",
  "memory.memory-used",
  "memory.memory-free",
  "interface-eth0.if_octets.rx",
  "interface-eth0.if_octets.tx",
  "interface-eth0.if_errors.rx",
  "interface-eth0.if_errors.tx",
  "interface-lo.if_octets.rx",
  "interface-lo.if_octets.tx",
  "disk-sda.disk_ops.read",
  "disk-sda.disk_ops.write",
  "disk-sda.disk_octets.read",
  "disk-sda.disk_octets.write",
  "df-root.df_complex-used",
  "df-root.df_complex-free",
  "processes.ps_state-running",
  "processes.fork_rate",
  "nginx.nginx_requests",
  "nginx.nginx_connections-active",
  "entropy.entropy",
  "uptime.uptime",
];

describe("host graph composition", () => {
  it("splits write_graphite's plugin-instance nodes", () => {
    expect(splitPluginNode("cpu-0")).toEqual({ plugin: "cpu", instance: "0" });
    expect(splitPluginNode("interface-eth0")).toEqual({ plugin: "interface", instance: "eth0" });
    expect(splitPluginNode("load")).toEqual({ plugin: "load", instance: "" });
  });

  it("orders the known plugins the way an operator reads them, others after by name", () => {
    const ids = composeHost("web-001", DEMO).map((g) => g.id);
    expect(ids).toEqual([
      "cpu-total",
      "cpu-0",
      "cpu-1",
      "load",
      "memory",
      "interface-eth0-octets",
      "interface-eth0-errors",
      "interface-lo-octets",
      "disk-sda-ops",
      "disk-sda-octets",
      "df-root",
      "processes",
      "processes-forks",
      "nginx-requests",
      "nginx-connections",
      "other-entropy",
      "other-uptime",
    ]);
  });

  it("stacks CPU states per core and summed over cores, memory, df and process states", () => {
    const specs = new Map(composeHost("web-001", DEMO).map((g) => [g.id, g]));
    expect(specs.get("cpu-total")).toMatchObject({ stacked: true, targets: ['groupByNode(web-001.cpu-*.cpu-*,2,"sum")'], title: "CPU, 2 cores summed" });
    expect(specs.get("cpu-1")).toMatchObject({ stacked: true, targets: ["aliasByNode(web-001.cpu-1.cpu-*,2)"] });
    expect(specs.get("memory")?.stacked).toBe(true);
    expect(specs.get("df-root")?.stacked).toBe(true);
    expect(specs.get("processes")?.stacked).toBe(true);
    expect(specs.get("load")?.stacked).toBeFalsy();
    expect(specs.get("interface-eth0-octets")?.stacked).toBeFalsy();
  });

  it("draws load 1/5/15, rx/tx per interface and read/write per disk", () => {
    const specs = new Map(composeHost("web-001", DEMO).map((g) => [g.id, g]));
    expect(specs.get("load")?.targets).toEqual(["aliasByNode(web-001.load.load.{shortterm,midterm,longterm},3)"]);
    expect(specs.get("interface-lo-octets")?.targets).toEqual(["aliasByNode(web-001.interface-lo.if_octets.{rx,tx},3)"]);
    expect(specs.get("disk-sda-ops")?.targets).toEqual(["aliasByNode(web-001.disk-sda.disk_ops.{read,write},3)"]);
  });

  it("counts the root's nodes in node numbers (a root with dots)", () => {
    const specs = composeHost("collectd.web-001_example_com", ["cpu-0.cpu-user", "load.load.shortterm"]);
    expect(specs.map((g) => g.id)).toEqual(["cpu-total", "load"]);
    expect(specs[0]!.targets).toEqual(['groupByNode(collectd.web-001_example_com.cpu-*.cpu-*,3,"sum")']);
    expect(specs[0]!.title).toBe("CPU");
  });

  it("gives any other plugin a generic graph of its series, at most 12", () => {
    const many = Array.from({ length: 20 }, (_, i) => `thermal-zone${i % 2}.temperature-${i}`);
    const specs = composeHost("h", many);
    expect(specs.map((g) => g.id)).toEqual(["other-thermal-zone0", "other-thermal-zone1"]);
    expect(specs[0]!.targets).toHaveLength(10);
    expect(specs[0]!.targets[0]).toBe("h.thermal-zone0.temperature-0");
    const lots = composeHost("h", Array.from({ length: 15 }, (_, i) => `foo.bar-${i}`));
    expect(lots[0]!.targets).toHaveLength(12);
    expect(lots[0]!.title).toBe("foo (12 of 15 series)");
  });

  it("skips nodes without children and composes nothing for nothing", () => {
    expect(composeHost("h", [])).toEqual([]);
    expect(composeHost("h", ["lonely"])).toEqual([]);
  });
});

import { stackOrder } from "../src/chart/renderData";

describe("stacking order", () => {
  it("stacks work first and idle or free on top", () => {
    const labels = ["cpu-idle", "cpu-interrupt", "cpu-nice", "cpu-softirq", "cpu-steal", "cpu-system", "cpu-user", "cpu-wait"];
    expect(stackOrder(labels).map((i) => labels[i])).toEqual(["cpu-user", "cpu-system", "cpu-wait", "cpu-nice", "cpu-interrupt", "cpu-softirq", "cpu-steal", "cpu-idle"]);
    const memory = ["memory-free", "memory-used", "memory-cached", "memory-buffered"];
    expect(stackOrder(memory).map((i) => memory[i])).toEqual(["memory-used", "memory-buffered", "memory-cached", "memory-free"]);
    const df = ["df_complex-free", "df_complex-reserved", "df_complex-used"];
    expect(stackOrder(df).map((i) => df[i])).toEqual(["df_complex-used", "df_complex-reserved", "df_complex-free"]);
  });
});

describe("the host page leads with what is wrong", () => {
  const ids = ["cpu-total", "cpu-0", "cpu-1", "load", "memory", "interface-eth0-octets", "interface-eth0-packets", "interface-eth1-octets", "disk-sda-ops", "disk-sda-octets", "df-root", "nginx-requests", "nginx-connections"].map((id) => ({ id }));

  it("maps each landmine metric to the graphs that show it", () => {
    expect(ids.filter((s) => showsMetric(s, "cpu")).map((s) => s.id)).toEqual(["cpu-total"]);
    expect(ids.filter((s) => showsMetric(s, "if_rx")).map((s) => s.id)).toEqual(["interface-eth0-octets", "interface-eth1-octets"]);
    expect(ids.filter((s) => showsMetric(s, "disk_ops")).map((s) => s.id)).toEqual(["disk-sda-ops"]);
    expect(ids.filter((s) => showsMetric(s, "nginx")).map((s) => s.id)).toEqual(["nginx-requests"]);
    expect(ids.filter((s) => showsMetric(s, "unknown"))).toEqual([]);
  });

  it("puts those graphs first, most severe metric first, each once, the rest in their order", () => {
    expect(leadWith(ids, ["memory", "if_tx", "if_rx", "cpu"]).map((s) => s.id)).toEqual([
      "memory", "interface-eth0-octets", "interface-eth1-octets", "cpu-total",
      "cpu-0", "cpu-1", "load", "interface-eth0-packets", "disk-sda-ops", "disk-sda-octets", "df-root", "nginx-requests", "nginx-connections",
    ]);
    expect(leadWith(ids, [])).toEqual(ids);
  });
});

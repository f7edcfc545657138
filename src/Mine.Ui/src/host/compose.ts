// The host page's composition rules: the host's metric paths (relative to its series root) → the graphs an
// operator reads, in reading order. Pure functions: tested in test/compose.test.ts.

export interface GraphSpec {
  /** Stable id (the DOM and tests use it): "cpu-total", "cpu-0", "interface-eth0-octets", "other-foo". */
  id: string;
  title: string;
  /** Render targets, absolute. */
  targets: string[];
  stacked?: boolean;
  /** Axis unit hint: "%", "bytes", "bytes/s", "ops/s", "" (plain). */
  unit?: string;
}

/** Order of the known plugins on the page; anything else follows, by name. */
const ORDER = ["cpu", "load", "memory", "interface", "disk", "df", "processes", "nginx"];

/** write_graphite's plugin node: "cpu-0" → plugin "cpu", instance "0". */
export function splitPluginNode(node: string): { plugin: string; instance: string } {
  const dash = node.indexOf("-");
  return dash > 0 ? { plugin: node.slice(0, dash), instance: node.slice(dash + 1) } : { plugin: node, instance: "" };
}

/** Natural order: cpu-2 before cpu-10. */
const natural = new Intl.Collator("en", { numeric: true }).compare;

/** Graph specs for a host, from its leaf paths relative to its root ("cpu-0.cpu-user", "load.load.shortterm"). */
export function composeHost(root: string, paths: readonly string[]): GraphSpec[] {
  const depth = root.split(".").length;
  // plugin → instance → rest paths
  const plugins = new Map<string, Map<string, string[]>>();
  for (const path of paths) {
    const dot = path.indexOf(".");
    if (dot <= 0) continue;
    const { plugin, instance } = splitPluginNode(path.slice(0, dot));
    let instances = plugins.get(plugin);
    if (!instances) plugins.set(plugin, (instances = new Map()));
    let rest = instances.get(instance);
    if (!rest) instances.set(instance, (rest = []));
    rest.push(path.slice(dot + 1));
  }
  const specs: GraphSpec[] = [];
  const names = [...plugins.keys()].sort((a, b) => {
    const ia = ORDER.indexOf(a), ib = ORDER.indexOf(b);
    return (ia < 0 ? ORDER.length : ia) - (ib < 0 ? ORDER.length : ib) || natural(a, b);
  });
  for (const plugin of names) {
    const instances = plugins.get(plugin)!;
    const sorted = [...instances.keys()].sort(natural);
    const node = (instance: string) => (instance ? `${plugin}-${instance}` : plugin);
    const at = (instance: string, rest: string) => `${root}.${node(instance)}.${rest}`;
    const has = (instance: string, prefix: string) => instances.get(instance)!.some((r) => r.startsWith(prefix));
    switch (plugin) {
      case "cpu": {
        // Summed over cores: one stacked graph of every state; then one per core.
        specs.push({
          id: "cpu-total",
          title: sorted.length > 1 ? `CPU, ${sorted.length} cores summed` : "CPU",
          targets: [`groupByNode(${root}.cpu-*.cpu-*,${depth + 1},"sum")`],
          stacked: true,
          unit: "%",
        });
        if (sorted.length > 1) {
          for (const core of sorted) specs.push({ id: `cpu-${core}`, title: `CPU ${core}`, targets: [`aliasByNode(${at(core, "cpu-*")},${depth + 1})`], stacked: true, unit: "%" });
        }
        break;
      }
      case "load":
        specs.push({ id: "load", title: "Load (1, 5, 15 min)", targets: [`aliasByNode(${root}.load.load.{shortterm,midterm,longterm},${depth + 2})`] });
        break;
      case "memory":
        specs.push({ id: "memory", title: "Memory", targets: [`aliasByNode(${root}.memory.memory-*,${depth + 1})`], stacked: true, unit: "bytes" });
        break;
      case "interface":
        for (const instance of sorted) {
          for (const [type, label, unit] of [["if_octets", "octets", "bytes/s"], ["if_packets", "packets", "/s"], ["if_errors", "errors", "/s"]] as const) {
            if (!has(instance, `${type}.`)) continue;
            specs.push({ id: `interface-${instance}-${label}`, title: `Interface ${instance} ${label} rx / tx`, targets: [`aliasByNode(${at(instance, `${type}.{rx,tx}`)},${depth + 2})`], unit });
          }
        }
        break;
      case "disk":
        for (const instance of sorted) {
          for (const [type, label, unit] of [["disk_ops", "operations", "ops/s"], ["disk_octets", "octets", "bytes/s"], ["disk_time", "time", "ms"], ["disk_merged", "merged", "/s"]] as const) {
            if (!has(instance, `${type}.`)) continue;
            specs.push({ id: `disk-${instance}-${type.slice(5)}`, title: `Disk ${instance} ${label} read / write`, targets: [`aliasByNode(${at(instance, `${type}.{read,write}`)},${depth + 2})`], unit });
          }
        }
        break;
      case "df":
        for (const instance of sorted) {
          specs.push({ id: `df-${instance}`, title: `Disk space ${instance.replace(/^root$/, "/")} used / reserved / free`, targets: [`aliasByNode(${at(instance, "df_complex-{used,reserved,free}")},${depth + 1})`], stacked: true, unit: "bytes" });
        }
        break;
      case "processes": {
        const rest = instances.get("") ?? [];
        if (rest.some((r) => r.startsWith("ps_state-"))) {
          specs.push({ id: "processes", title: "Processes by state", targets: [`aliasByNode(${root}.processes.ps_state-*,${depth + 1})`], stacked: true });
        }
        if (rest.includes("fork_rate")) specs.push({ id: "processes-forks", title: "Forks", targets: [`${root}.processes.fork_rate`], unit: "/s" });
        break;
      }
      case "nginx": {
        const rest = instances.get("") ?? [];
        if (rest.includes("nginx_requests")) specs.push({ id: "nginx-requests", title: "nginx requests", targets: [`aliasByNode(${root}.nginx.nginx_requests,${depth + 1})`], unit: "/s" });
        if (rest.some((r) => r.startsWith("nginx_connections-"))) {
          specs.push({ id: "nginx-connections", title: "nginx connections", targets: [`aliasByNode(${root}.nginx.nginx_connections-*,${depth + 1})`] });
        }
        break;
      }
      default:
        // Generic: one graph per plugin instance with all its series (at most 12, the rest named in the title).
        for (const instance of sorted) {
          const rest = [...instances.get(instance)!].sort(natural);
          const shown = rest.slice(0, 12);
          specs.push({
            id: `other-${node(instance)}`,
            title: rest.length > shown.length ? `${node(instance)} (${shown.length} of ${rest.length} series)` : node(instance),
            targets: shown.map((r) => at(instance, r)),
          });
        }
    }
  }
  return specs;
}

/** The graphs that show a landmine metric (metric ids of /api/fleet/landmines) of the host page. */
export function showsMetric(spec: Pick<GraphSpec, "id">, metric: string): boolean {
  switch (metric) {
    case "cpu":
      return spec.id === "cpu-total";
    case "load":
    case "memory":
      return spec.id === metric;
    case "if_rx":
    case "if_tx":
      return spec.id.startsWith("interface-") && spec.id.endsWith("-octets");
    case "disk_ops":
      return spec.id.startsWith("disk-") && spec.id.endsWith("-ops");
    case "nginx":
      return spec.id === "nginx-requests";
    default:
      return false;
  }
}

/**
 * The host page's graphs with those of the metrics that make it a landmine first, in the order of the metrics given
 * (most severe first), then the others in their usual order.
 */
export function leadWith<T extends Pick<GraphSpec, "id">>(specs: readonly T[], metrics: readonly string[]): T[] {
  const first: T[] = [];
  for (const metric of metrics) for (const spec of specs) if (showsMetric(spec, metric) && !first.includes(spec)) first.push(spec);
  return [...first, ...specs.filter((s) => !first.includes(s))];
}

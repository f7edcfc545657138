#!/usr/bin/env python3
"""Soak: a real `mine serve` under an hour of mixed load, with storms, restarts and a kill -9.

The fleet (HOSTS hosts x 96 collectd-style series) is sent live over plaintext TCP every INTERVAL seconds, stamped
with the wall clock; dashboards render and find all the time (timed with curl); every STORM minutes a storm hits
(thousands of idle connections, unfinished pickle frames, concurrent heavy renders, garbage and bad names on every
listener); the server is restarted gracefully twice and killed -9 once (ingest paused and everything counted
first, as a relay would hold its data). Every 10 s the driver samples RSS, the ingest counter, /health and the
loops. At the end it checks that every interval sent is stored (one series family exactly, every host and
interval) and prints a summary; the samples go to WORK/soak-samples.csv, latencies to WORK/soak-latency.csv.

usage: soak.py --mine PATH [--minutes 60] [--hosts 1300] [--interval 10] [--work DIR]
"""
import argparse
import csv
import json
import os
import random
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

SERIES = (
    [f"cpu-{c}.cpu-{s}" for c in range(4) for s in ("idle", "user", "system", "wait", "nice", "interrupt", "softirq", "steal")]
    + ["load.load.shortterm", "load.load.midterm", "load.load.longterm"]
    + [f"memory.memory-{m}" for m in ("used", "free", "cached", "buffered", "slab_recl", "slab_unrecl")]
    + [f"interface-{i}.{t}.{d}" for i in ("eth0", "eth1", "lo") for t in ("if_octets", "if_packets", "if_errors") for d in ("rx", "tx")]
    + [f"disk-{d}.{t}.{x}" for d in ("sda", "sdb") for t in ("disk_octets", "disk_ops", "disk_time", "disk_merged") for x in ("read", "write")]
    + [f"df-{f}.df_complex-{t}" for f in ("root", "var", "data") for t in ("free", "used", "reserved")]
    + [f"processes.ps_state-{p}" for p in ("running", "sleeping", "zombies", "stopped", "paging", "blocked")]
    + ["nginx.nginx_requests", "nginx.connections-active", "nginx.connections-reading", "nginx.connections-writing",
       "nginx.connections-waiting", "nginx.response"]
)
ROLES = ("web", "app", "db", "cache", "batch")
CHECKED = "load.load.shortterm"  # the family checked point by point at the end

DASHBOARD = [
    ("sum-1h", "render", "target=sumSeries(servers.*.interface-eth0.if_octets.rx)&from=-1h&format=json"),
    ("groupByNode-1h", "render", 'target=groupByNode(servers.*.cpu-*.cpu-user,1,"sumSeries")&from=-1h&format=json&maxDataPoints=500'),
    ("highestAverage-1h", "render", "target=highestAverage(servers.*.load.load.shortterm,10)&from=-1h&format=json"),
    ("png-web-load", "render", "target=servers.web-*.load.load.shortterm&from=-1h&width=800&height=400"),
    ("find-cpu", "metrics/find", "query=servers.*.cpu-*.*"),
]
HEAVY = 'target=groupByNode(servers.*.cpu-*.*,1,"sumSeries")&from=-2h&format=json'


class Mine:
    def __init__(self, args):
        self.args = args
        self.process = None
        self.log = open(os.path.join(args.work, "soak-mine.log"), "ab")

    def start(self):
        a = self.args
        env = dict(os.environ)
        env["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning"
        self.process = subprocess.Popen(
            [a.mine, "serve", "--data", a.data, "--http", f"127.0.0.1:{a.http}", "--plaintext", f"127.0.0.1:{a.plaintext}",
             "--pickle", f"127.0.0.1:{a.pickle}", "--collectd", "off", "--schemas", a.schemas],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.health()[0] == 200:
                return
            if self.process.poll() is not None:
                sys.exit(f"mine exited with {self.process.returncode}; see {self.log.name}")
            time.sleep(0.2)
        sys.exit("mine did not become healthy")

    def stop(self, sig=signal.SIGTERM):
        self.process.send_signal(sig)
        self.process.wait(timeout=120)

    def url(self, path):
        return f"http://127.0.0.1:{self.args.http}/{path}"

    def health(self):
        try:
            with urllib.request.urlopen(self.url("health"), timeout=10) as r:
                return r.status, r.read().decode(errors="replace").strip()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace").strip()
        except OSError as e:
            return 0, str(e)

    def metrics(self):
        try:
            with urllib.request.urlopen(self.url("_internal/metrics"), timeout=10) as r:
                text = r.read().decode()
        except OSError:
            return {}
        values = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                try:
                    values[name] = float(value)
                except ValueError:
                    pass
        return values

    def rss_mb(self):
        try:
            with open(f"/proc/{self.process.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0


class Ingest(threading.Thread):
    """Sends one interval of the whole fleet every INTERVAL seconds; holds (and catches up) while paused."""

    def __init__(self, args, mine):
        super().__init__(daemon=True)
        self.args, self.mine = args, mine
        self.hosts = [f"{ROLES[h % 5]}-{h // 5 + 1:03d}" for h in range(args.hosts)]
        self.intervals = []  # timestamps sent, in order
        self.points_sent = 0
        self.sent_to_current = 0  # points sent to the running process
        self.pause = threading.Event()
        self.paused = threading.Event()
        self.stop = threading.Event()
        self.sock = None

    def lines(self, ts):
        day = (ts % 86400) / 86400
        out = []
        for hi, host in enumerate(self.hosts):
            for si, series in enumerate(SERIES):
                out.append(f"servers.{host}.{series} {((hi * 7 + si) % 100) + day:.3f} {ts}\n")
        return "".join(out).encode()

    def send(self, payload):
        while not self.stop.is_set():
            try:
                if self.sock is None:
                    self.sock = socket.create_connection(("127.0.0.1", self.args.plaintext), timeout=30)
                self.sock.sendall(payload)
                return
            except OSError:
                self.sock = None
                time.sleep(1)

    def run(self):
        step = self.args.interval
        next_ts = int(time.time()) // step * step
        while not self.stop.is_set():
            if self.pause.is_set():
                if self.sock is not None:
                    self.sock.close()
                    self.sock = None
                self.paused.set()
                time.sleep(0.2)
                continue
            self.paused.clear()
            now = time.time()
            if next_ts > now:
                time.sleep(min(next_ts - now, 0.5))
                continue
            self.send(self.lines(next_ts))  # late intervals (after a pause) go out back to back, as a relay's backlog
            self.intervals.append(next_ts)
            count = len(self.hosts) * len(SERIES)
            self.points_sent += count
            self.sent_to_current += count
            next_ts += step

    def hold(self):
        self.pause.set()
        self.paused.wait()

    def resume(self):
        self.sent_to_current = 0
        self.pause.clear()


def curl(mine, path, query, timeout=120):
    url = mine.url(path) + "?" + query.replace(" ", "%20")
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "--max-time", str(timeout), url],
                         capture_output=True, text=True)
    code, _, seconds = out.stdout.partition(" ")
    return int(code or 0), float(seconds or 0)


class Dashboards(threading.Thread):
    def __init__(self, args, mine, writer, lock):
        super().__init__(daemon=True)
        self.args, self.mine, self.writer, self.lock = args, mine, writer, lock
        self.stop = threading.Event()
        self.errors = 0

    def run(self):
        while not self.stop.wait(self.args.dashboard_every):
            for name, path, query in DASHBOARD:
                code, seconds = curl(self.mine, path, query)
                if code not in (200, 0):
                    self.errors += 1
                with self.lock:
                    self.writer.writerow([int(time.time()), name, code, round(seconds * 1000, 1)])


def storm_connections(args, count=3000, hold=30):
    socks = []
    for _ in range(count):
        try:
            socks.append(socket.create_connection(("127.0.0.1", args.plaintext), timeout=5))
        except OSError:
            break
    time.sleep(hold)
    for s in socks:
        s.close()
    return f"{len(socks)} idle connections for {hold} s"


def storm_pickle(args, count=300, hold=30):
    socks = []
    header = struct.pack("!L", 1024 * 1024)
    filler = b"\x80\x02]q\x00" + b"x" * (512 * 1024)
    for _ in range(count):
        try:
            s = socket.create_connection(("127.0.0.1", args.pickle), timeout=5)
            s.sendall(header + filler)
            socks.append(s)
        except OSError:
            break
    time.sleep(hold)
    for s in socks:
        s.close()
    return f"{len(socks)} connections each holding half of a 1 MiB pickle frame for {hold} s"


def storm_renders(args, mine, count=40):
    threads, results = [], []
    for _ in range(count):
        t = threading.Thread(target=lambda: results.append(curl(mine, "render", HEAVY)))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    codes = {}
    for code, _ in results:
        codes[code] = codes.get(code, 0) + 1
    return f"{count} concurrent heavy renders, answers {codes}"


def storm_garbage(args, mine):
    rnd = random.Random(7)
    lines = []
    for i in range(20000):
        kind = i % 5
        if kind == 0:
            lines.append(b"dots..x %d %d\n" % (i, int(time.time())))
        elif kind == 1:
            lines.append(bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 80))) + b"\n")
        elif kind == 2:
            lines.append(b"a b c d e\n")
        elif kind == 3:
            lines.append(b"ok.name notanumber 1\n")
        else:
            lines.append(b".lead.%d 1 %d\n" % (i % 50, int(time.time())))
    payload = b"".join(lines)
    with socket.create_connection(("127.0.0.1", args.plaintext)) as s:
        s.sendall(payload)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(0, len(payload), 1400):
        udp.sendto(payload[i:i + 1400], ("127.0.0.1", args.plaintext))
    with socket.create_connection(("127.0.0.1", args.pickle)) as s:
        for _ in range(200):
            body = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 400)))
            s.sendall(struct.pack("!L", len(body)) + body)
    canary = f"soak.canary {time.time():.0f} {int(time.time())}\n".encode()
    with socket.create_connection(("127.0.0.1", args.plaintext)) as s:
        s.sendall(canary)
    time.sleep(2)
    with urllib.request.urlopen(mine.url("render") + "?target=soak.canary&from=-5min&format=json", timeout=30) as r:
        seen = any(p[0] is not None for series in json.load(r) for p in series["datapoints"])
    return f"20,000 garbage lines (TCP and UDP) and 200 garbage pickle frames; canary readable: {seen}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mine", required=True)
    p.add_argument("--minutes", type=float, default=60)
    p.add_argument("--hosts", type=int, default=1300)
    p.add_argument("--interval", type=int, default=10)
    p.add_argument("--work", default="/tmp/mine-bench/soak")
    p.add_argument("--storm-every", type=float, default=8, help="minutes between storms")
    p.add_argument("--dashboard-every", type=float, default=15, help="seconds between dashboard rounds")
    p.add_argument("--http", type=int, default=28180)
    p.add_argument("--plaintext", type=int, default=22180)
    p.add_argument("--pickle", type=int, default=22181)
    args = p.parse_args()
    os.makedirs(args.work, exist_ok=True)
    args.data = os.path.join(args.work, "data")
    subprocess.run(["rm", "-rf", args.data], check=True)
    # collectd's usual 10 s interval kept for a day, then carbon's coarser archives.
    args.schemas = os.path.join(args.work, "soak-schemas.conf")
    with open(args.schemas, "w") as f:
        f.write(f"[soak]\npattern = .*\nretentions = {args.interval}s:1d,1m:14d,5m:1y\n")

    mine = Mine(args)
    mine.start()
    started = time.time()
    end = started + args.minutes * 60
    samples_file = open(os.path.join(args.work, "soak-samples.csv"), "w", newline="")
    samples = csv.writer(samples_file)
    samples.writerow(["t", "rss_mb", "ingested_total", "points_sent", "health", "invalid_total", "event"])
    latency_file = open(os.path.join(args.work, "soak-latency.csv"), "w", newline="")
    latency = csv.writer(latency_file)
    latency.writerow(["t", "query", "code", "ms"])
    lock = threading.Lock()

    ingest = Ingest(args, mine)
    ingest.start()
    dashboards = Dashboards(args, mine, latency, lock)
    dashboards.start()
    counted_before = 0  # ingest counter of processes already stopped
    events, storms, restarts = [], [], []
    unhealthy = []

    def sample(event=""):
        m = mine.metrics()
        code, body = mine.health()
        if code != 200:
            unhealthy.append((int(time.time() - started), code, body.splitlines()[0] if body else ""))
        invalid = sum(v for k, v in m.items() if k.startswith("mine_listener_invalid_total"))
        with lock:
            samples.writerow([int(time.time() - started), round(mine.rss_mb(), 1), int(m.get("mine_points_ingested_total", 0)),
                              ingest.points_sent, code, int(invalid), event])
            samples_file.flush()
        return m

    def counted_now():
        # The plaintext TCP listener's accepted points: the fleet, plus the few valid lines of the garbage storms.
        return int(mine.metrics().get('mine_listener_accepted_total{protocol="plaintext",transport="tcp"}', 0))

    def drain():
        """Holds the sender and waits until this process stored everything sent to it (and nothing more arrives)."""
        ingest.hold()
        target = ingest.sent_to_current
        deadline = time.time() + 300
        previous = -1
        while time.time() < deadline:
            now = counted_now()
            if now >= target and now == previous:
                break
            previous = now
            time.sleep(1)
        return counted_now()

    def restart(kill):
        nonlocal counted_before
        counted = drain()
        counted_before += counted
        rss = mine.rss_mb()
        t0 = time.time()
        mine.stop(signal.SIGKILL if kill else signal.SIGTERM)
        mine.start()
        restarts.append(("kill -9" if kill else "graceful", int(t0 - started), round(time.time() - t0, 1), round(rss)))
        ingest.resume()

    schedule = [(0.33, False), (0.66, False), (0.85, True)]
    storm_kinds = ["connections", "pickle", "renders", "garbage"]
    next_storm = started + args.storm_every * 60 / 2
    storm_index = 0
    while time.time() < end:
        sample()
        elapsed = (time.time() - started) / (args.minutes * 60)
        if schedule and elapsed >= schedule[0][0]:
            _, kill = schedule.pop(0)
            restart(kill)
            sample("kill -9 restart" if kill else "restart")
            continue
        if time.time() >= next_storm:
            kind = storm_kinds[storm_index % len(storm_kinds)]
            storm_index += 1
            before = mine.rss_mb()
            peak = [before]
            done = threading.Event()

            def watch():
                while not done.wait(1):
                    peak.append(mine.rss_mb())

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
            t0 = time.time()
            if kind == "connections":
                what = storm_connections(args)
            elif kind == "pickle":
                what = storm_pickle(args)
            elif kind == "renders":
                what = storm_renders(args, mine)
            else:
                what = storm_garbage(args, mine)
            done.set()
            sample(f"storm {kind}")
            time.sleep(90)
            after = mine.rss_mb()
            storms.append((kind, int(t0 - started), round(before), round(max(peak)), round(after), what))
            sample(f"after storm {kind}")
            next_storm = time.time() + args.storm_every * 60
            continue
        time.sleep(10)

    dashboards.stop.set()
    dashboards.join()
    latency_file.close()
    counted = drain()
    total_counted = counted_before + counted
    ingest.stop.set()
    sample("end")

    # Every interval sent must be stored: the checked family, every host, every interval.
    first, last = ingest.intervals[0], ingest.intervals[-1]
    q = urllib.parse.quote(f"sumSeries(isNonNull(servers.*.{CHECKED}))")
    with urllib.request.urlopen(mine.url("render") + f"?target={q}&from={first - 1}&until={last}&format=json", timeout=300) as r:
        data = json.load(r)
    stored = {p[1]: p[0] for p in data[0]["datapoints"] if p[0] is not None} if data else {}
    missing = sum(args.hosts - int(stored.get(ts, 0)) for ts in ingest.intervals)
    mine.stop()

    rows = list(csv.reader(open(os.path.join(args.work, "soak-samples.csv"))))[1:]
    rss = [float(r[1]) for r in rows if float(r[1]) > 0]
    lat = {}
    for r in csv.reader(open(os.path.join(args.work, "soak-latency.csv"))):
        if r[0] == "t":
            continue
        lat.setdefault(r[1], []).append(float(r[3]))
    print(f"\n## Soak: {args.minutes:.0f} min, {args.hosts} hosts x {len(SERIES)} series every {args.interval} s "
          f"({args.hosts * len(SERIES) / args.interval:,.0f} points/s), {os.cpu_count()} cores, {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}")
    print(f"- points sent {ingest.points_sent:,}, counted by Mine {total_counted:,}; checked family {CHECKED}: "
          f"{len(ingest.intervals)} intervals x {args.hosts} hosts, missing {missing}")
    print(f"- RSS MB: first {rss[0]:.0f}, min {min(rss):.0f}, median {statistics.median(rss):.0f}, max {max(rss):.0f}, last {rss[-1]:.0f}")
    print(f"- /health not 200 in {len(unhealthy)} samples{': ' + str(unhealthy[:5]) if unhealthy else ''}; dashboard errors {dashboards.errors}")
    print("- restarts (kind, at s, took s, RSS before MB): " + "; ".join(str(r) for r in restarts))
    print("\n| storm | at s | RSS before | peak | 90 s after | what |\n|---|---:|---:|---:|---:|---|")
    for kind, at, before, peak, after, what in storms:
        print(f"| {kind} | {at} | {before} | {peak} | {after} | {what} |")
    print("\n| query | n | median ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|")
    for name, values in lat.items():
        values.sort()
        print(f"| {name} | {len(values)} | {statistics.median(values):.0f} | {values[int(len(values) * 0.95) - 1]:.0f} | {values[-1]:.0f} |")
    minutes = {}
    for r in rows:
        minutes.setdefault(int(r[0]) // 600, []).append(float(r[1]))
    print("\nRSS per 10 minutes (MB, min-max): " + ", ".join(f"{k * 10}-{k * 10 + 10}: {min(v):.0f}-{max(v):.0f}" for k, v in sorted(minutes.items())))
    sys.exit(0 if missing == 0 else 1)


if __name__ == "__main__":
    main()

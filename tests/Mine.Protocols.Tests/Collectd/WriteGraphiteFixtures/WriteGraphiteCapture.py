#!/usr/bin/env python3
"""Records what the real collectd 5.12 write_graphite plugin writes for a known set of value lists.

How the fixtures in this folder were made (re-run with `python3 WriteGraphiteCapture.py` from this folder):
- Debian's collectd-core 5.12.0-14 runs in the foreground with its own config, BaseDir and PIDFile in a temp dir,
  no read plugins, and only unixsock + write_graphite loaded.
- Every value list of `input.putval` is injected through the unixsock PUTVAL command, which goes through the
  same plugin_dispatch_values -> uc_update -> write path as a value list received by the network plugin.
- One write_graphite <Node> per option set, each writing over TCP to its own 127.0.0.1 port captured here;
  each capture is saved as `<node>.txt` (the exact bytes, CRLF line ends).
- TypesDB = Debian's /usr/share/collectd/types.db plus `extra-types.db` (types for the wrap/range cases).
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))

NODES = {
    "default": "",
    "prefix": 'Prefix "collectd."\n    Postfix ".suffix"',
    "escape-at": 'EscapeCharacter "@"',
    "separate-appendds": "SeparateInstances true\n    AlwaysAppendDS true",
    "preserve": "PreserveSeparator true",
    "dropdupes": "DropDuplicateFields true",
    "norates": "StoreRates false",
    "reversehost": "ReverseHost true",
}


def main() -> int:
    work = tempfile.mkdtemp(prefix="mine-wg-")
    try:
        return run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: str) -> int:
    captures: dict[str, bytearray] = {}
    servers = []
    threads = []
    ports = {}
    for name in NODES:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        server.settimeout(20)
        ports[name] = server.getsockname()[1]
        captures[name] = bytearray()
        servers.append(server)
        thread = threading.Thread(target=accept_all, args=(server, captures[name]), daemon=True)
        thread.start()
        threads.append(thread)

    node_blocks = "\n".join(
        f'  <Node "{name}">\n    Host "127.0.0.1"\n    Port "{ports[name]}"\n    Protocol "tcp"\n    {opts}\n  </Node>'
        for name, opts in NODES.items())
    sock_path = os.path.join(work, "collectd.sock")
    conf = f"""
BaseDir "{work}"
PIDFile "{work}/collectd.pid"
PluginDir "/usr/lib/collectd"
TypesDB "/usr/share/collectd/types.db" "{HERE}/extra-types.db"
Hostname "collector"
FQDNLookup false
Interval 10
LoadPlugin logfile
<Plugin logfile>
  LogLevel info
  File STDERR
</Plugin>
LoadPlugin unixsock
<Plugin unixsock>
  SocketFile "{sock_path}"
</Plugin>
LoadPlugin write_graphite
<Plugin write_graphite>
{node_blocks}
</Plugin>
"""
    conf_path = os.path.join(work, "collectd.conf")
    with open(conf_path, "w") as f:
        f.write(conf)

    daemon = subprocess.Popen(["/usr/sbin/collectd", "-f", "-C", conf_path],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            if os.path.exists(sock_path):
                break
            time.sleep(0.1)
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect(sock_path)
        reader = client.makefile("r")
        with open(os.path.join(HERE, "input.putval")) as f:
            for line in f:
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                client.sendall((line + "\n").encode())
                reply = reader.readline().strip()
                if not reply.startswith("0 "):
                    print(f"PUTVAL failed: {line!r}: {reply}", file=sys.stderr)
                    return 1
        client.sendall(b"FLUSH\n")
        reader.readline()
        time.sleep(1.0)
    finally:
        daemon.terminate()
        log, _ = daemon.communicate(timeout=20)
        sys.stderr.write(log.decode(errors="replace"))

    for thread in threads:
        thread.join(timeout=5)
    for name, data in captures.items():
        with open(os.path.join(HERE, f"{name}.txt"), "wb") as f:
            f.write(bytes(data))
        print(name, data.count(b"\n"), "lines")
    return 0


def accept_all(server: socket.socket, sink: bytearray) -> None:
    # write_graphite may reconnect; keep reading until the daemon is gone and the accept times out.
    while True:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            while chunk := conn.recv(65536):
                sink.extend(chunk)
        server.settimeout(3)


if __name__ == "__main__":
    sys.exit(main())

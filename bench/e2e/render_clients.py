#!/usr/bin/env python3
"""N dashboard clients in one process: each requests heavy renders back to back and sleeps Retry-After on a 503.

Plain HTTP/1.0 over raw sockets, bodies read in large chunks and dropped: the clients stand for browsers on other
machines, so they must cost this machine next to nothing (a bash loop starting one curl per request took most of a
core on two cores, from ingest, and the benchmark measured its own clients). One line per answer goes to the log:
"<status> <seconds>".

  render_clients.py HOST:PORT CLIENTS STOP_FILE LOG PATH...
"""
import os
import socket
import sys
import threading
import time


def request(host, port, path):
    started = time.monotonic()
    try:
        with socket.create_connection((host, port), timeout=120) as s:
            s.sendall(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = s.recv(65536)
                if not chunk:
                    break
                head += chunk
            while s.recv(1 << 20):
                pass
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        retry = next((int(l.split(b":", 1)[1]) for l in lines if l.lower().startswith(b"retry-after:")), 2)
        return status, time.monotonic() - started, retry
    except (OSError, ValueError, IndexError):
        return 0, time.monotonic() - started, 2


def client(i, host, port, stop, log, lock, paths):
    n = 0
    while not os.path.exists(stop):
        status, seconds, retry = request(host, port, paths[(i + n) % len(paths)])
        with lock:
            log.write(f"{status} {seconds:.3f}\n")
            log.flush()
        if status == 503:
            time.sleep(retry)
        n += 1


def main():
    address, clients, stop, log_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    paths = sys.argv[5:]
    host, port = address.rsplit(":", 1)
    lock = threading.Lock()
    with open(log_path, "a") as log:
        threads = [threading.Thread(target=client, args=(i, host, int(port), stop, log, lock, paths), daemon=True) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


if __name__ == "__main__":
    main()

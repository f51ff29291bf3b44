#!/usr/bin/env python3
"""Normal search traffic against `fouille serve` while it is attacked.

Starts BIN serve on a free loopback port with the given index and corpus,
runs normal clients (4 threads, each a keep-alive connection from
127.0.0.2 sending GET /search?q=... back to back) and, from other
addresses, the attacks asked for, for a warm-up then DURATION seconds;
prints one JSON line of results; stops everything.

Attacks (--attacks none | all | a comma list):
  idle       1,100 keep-alive connections, each GET /health every 9 s
  slowloris  200 connections sending a request's headers one byte a second
  nonreader  20 connections pipelining GET /search?q=sante+donnees&limit=100
             and never reading
  memo       4 clients sending GET /analyze?text=<60 random words of 30-60
             letters> back to back
  longword   4 clients sending GET /search?q=<a random 999-letter word>
             back to back
Attackers connect from 127.0.0.1, or with --spread round-robin from
127.0.0.10-127.0.0.20. A connection the server closes or refuses is opened
again (idle: after 9 s; the others: after 0.2-1 s).

The attacks run in a child process (this script with --attacker), so that
they do not hold this process's interpreter lock while the normal clients
time their requests.

A probe (--fresh-probe) opens a new connection from 127.0.0.2 every 0.5 s
for one search: whether a client not yet connected gets in.

Normal clients: a request fails when its answer is not 200, the connection
fails or is closed before the answer, or it waited more than 5 s.
Latency percentiles are over the 200 answers; requests/s counts them.

Only the Python standard library. Example:

  python3 benches/attacks/attacks.py --bin target/release/fouille \\
      --index /tmp/idx --corpus /work/scale --duration 30 --attacks all

--startup-runs N instead times N starts: spawn to the first 200 on /health.
"""

import argparse
import asyncio
import json
import os
import random
import resource
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ATTACKS = ("idle", "slowloris", "nonreader", "memo", "longword")
NORMAL_SRC = "127.0.0.2"
HOST = "127.0.0.1"
REQUEST_DEADLINE = 5.0
HERE = os.path.dirname(os.path.abspath(__file__))


# --------------------------------------------------------------------------
# helpers


def raise_nofile(want=4096):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = want if hard == resource.RLIM_INFINITY else min(want, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            pass
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def load_queries(path):
    queries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line.startswith("{"):
                q = json.loads(line).get("query")
            else:
                q = line
            if q:
                queries.append(q)
    if not queries:
        sys.exit(f"no queries in {path}")
    return queries


def proc_status(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def open_fds(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


# --------------------------------------------------------------------------
# a small blocking HTTP/1.1 client (normal clients, /health polling)


class Closed(Exception):
    pass


class BlockingConn:
    def __init__(self, port, src=None):
        self.port = port
        self.src = src
        self.sock = None
        self.buf = b""

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None
        self.buf = b""

    def _timeout(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout("deadline")
        self.sock.settimeout(left)

    def _fill(self, deadline):
        self._timeout(deadline)
        data = self.sock.recv(65536)
        if not data:
            raise Closed()
        self.buf += data

    def _read_exact(self, n, deadline):
        while len(self.buf) < n:
            self._fill(deadline)
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _read_line(self, deadline):
        while b"\r\n" not in self.buf:
            self._fill(deadline)
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def get(self, path, deadline):
        """(status, body) of GET path; raises on a failure."""
        if self.sock is None:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.sock = s
            if self.src:
                s.bind((self.src, 0))
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._timeout(deadline)
            s.connect((HOST, self.port))
        req = (f"GET {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n"
               "Accept: application/json\r\n\r\n").encode()
        self._timeout(deadline)
        self.sock.sendall(req)
        while b"\r\n\r\n" not in self.buf:
            self._fill(deadline)
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        status, headers = parse_head(head)
        if b"content-length" in headers:
            body = self._read_exact(int(headers[b"content-length"]), deadline)
        elif headers.get(b"transfer-encoding") == b"chunked":
            parts = []
            while True:
                size = int(self._read_line(deadline).split(b";")[0], 16)
                if size == 0:
                    while self._read_line(deadline):
                        pass
                    break
                parts.append(self._read_exact(size, deadline))
                self._read_exact(2, deadline)
            body = b"".join(parts)
        else:
            try:
                while True:
                    self._fill(deadline)
            except Closed:
                pass
            body, self.buf = self.buf, b""
            self.close()
        if headers.get(b"connection") == b"close":
            self.close()
        return status, body


# --------------------------------------------------------------------------
# the server


class Server:
    def __init__(self, binary, index, corpus, extra, stderr_path):
        self.port = free_port()
        self.stderr_path = stderr_path
        self.stderr = open(stderr_path, "wb")
        cmd = [binary, "serve", "--addr", f"{HOST}:{self.port}",
               "--corpus", corpus, "--index", index] + list(extra)
        self.cmd = cmd
        self.t_spawn = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=self.stderr, stdin=subprocess.DEVNULL)
        self.listening = None
        threading.Thread(target=self._read_stdout, daemon=True).start()

    def _read_stdout(self):
        for line in self.proc.stdout:
            if self.listening is None and b"listening on" in line:
                self.listening = line.decode(errors="replace").strip()

    def wait_healthy(self, timeout=120.0):
        """Seconds from spawn to the first 200 on /health."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            c = BlockingConn(self.port)
            try:
                status, _ = c.get("/health", time.monotonic() + 1.0)
                if status == 200:
                    return time.monotonic() - self.t_spawn
            except (OSError, Closed, ValueError, IndexError):
                pass
            finally:
                c.close()
            time.sleep(0.005)
        raise RuntimeError("server not healthy in time")

    def stop(self):
        code = self.proc.poll()
        if code is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stderr.close()
        return code  # None: it was still running

    def stderr_summary(self):
        panics = 0
        lines = 0
        warns = []
        with open(self.stderr_path, "rb") as f:
            for raw in f:
                lines += 1
                line = raw.decode(errors="replace")
                if "panicked" in line:
                    panics += 1
                if (" WARN " in line or " ERROR " in line) and len(warns) < 5:
                    warns.append(line.strip()[:300])
        return {"lines": lines, "panics": panics, "warnings_first": warns}


# --------------------------------------------------------------------------
# normal clients


def normal_client(port, queries, stop, records, seed):
    rng = random.Random(seed)
    conn = BlockingConn(port, NORMAL_SRC)
    while not stop.is_set():
        q = rng.choice(queries)
        path = "/search?q=" + urllib.parse.quote_plus(q)
        t = time.monotonic()
        try:
            status, _ = conn.get(path, t + REQUEST_DEADLINE)
            records.append((t, time.monotonic(), status))
            if status != 200:
                conn.close()
                time.sleep(0.05)
        except socket.timeout:
            records.append((t, time.monotonic(), "timeout"))
            conn.close()
        except ConnectionRefusedError:
            records.append((t, time.monotonic(), "refused"))
            conn.close()
            time.sleep(0.05)
        except (Closed, ConnectionResetError, BrokenPipeError):
            records.append((t, time.monotonic(), "closed"))
            conn.close()
        except (OSError, ValueError, IndexError) as e:
            records.append((t, time.monotonic(), type(e).__name__))
            conn.close()
            time.sleep(0.05)
    conn.close()


def fresh_probe(port, queries, stop, records, every=0.5):
    """A new connection for each request, one every `every` s: whether a
    client that is not yet connected gets in."""
    rng = random.Random(99)
    while not stop.is_set():
        conn = BlockingConn(port, NORMAL_SRC)
        path = "/search?q=" + urllib.parse.quote_plus(rng.choice(queries))
        t = time.monotonic()
        try:
            status, _ = conn.get(path, t + REQUEST_DEADLINE)
            records.append((t, time.monotonic(), status))
        except socket.timeout:
            records.append((t, time.monotonic(), "timeout"))
        except ConnectionRefusedError:
            records.append((t, time.monotonic(), "refused"))
        except (Closed, ConnectionResetError, BrokenPipeError):
            records.append((t, time.monotonic(), "closed"))
        except (OSError, ValueError, IndexError) as e:
            records.append((t, time.monotonic(), type(e).__name__))
        finally:
            conn.close()
        stop.wait(max(0.0, every - (time.monotonic() - t)))


def summarize_normal(records, t0, t1):
    ok = []
    errors = {}
    total = 0
    slowest = 0.0
    for start, end, status in records:
        if not (t0 <= start < t1):
            continue
        total += 1
        took = end - start
        slowest = max(slowest, took)
        if status == 200 and took <= REQUEST_DEADLINE:
            ok.append(took * 1000)
        else:
            key = str(status) if took <= REQUEST_DEADLINE else "over_5s"
            errors[key] = errors.get(key, 0) + 1
    ok.sort()
    span = t1 - t0
    r = lambda x: None if x is None else round(x, 3)
    return {
        "requests": total,
        "ok": len(ok),
        "rps": round(len(ok) / span, 1),
        "p50_ms": r(percentile(ok, 50)),
        "p99_ms": r(percentile(ok, 99)),
        "max_ms": r(ok[-1] if ok else None),
        "max_any_ms": round(slowest * 1000, 3),
        "errors": sum(errors.values()),
        "errors_by_kind": errors,
    }


# --------------------------------------------------------------------------
# the attacks (run in a child process)


class Stat:
    def __init__(self):
        self.d = {"connects": 0, "connect_failures": 0, "closed_by_server": 0,
                  "requests": 0, "status": {}, "open": 0, "open_max": 0,
                  "bytes_sent": 0}

    def inc(self, k, n=1):
        self.d[k] += n

    def status(self, s):
        s = str(s)
        self.d["status"][s] = self.d["status"].get(s, 0) + 1

    def hold(self, n):
        # connections open on this side (accepted by the server or still
        # waiting in its accept queue)
        self.d["open"] += n
        self.d["open_max"] = max(self.d["open_max"], self.d["open"])


def parse_head(head):
    """(status, headers) of a response head (status line and header lines,
    without the blank line); header names and values lower case."""
    lines = head.rstrip(b"\r\n").split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(b":")
        headers[k.strip().lower()] = v.strip().lower()
    return status, headers


async def read_response(reader):
    """(status, close) of one response; raises IncompleteReadError on EOF."""
    head = await reader.readuntil(b"\r\n\r\n")
    status, headers = parse_head(head)
    if b"content-length" in headers:
        await reader.readexactly(int(headers[b"content-length"]))
    elif headers.get(b"transfer-encoding") == b"chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":
                    pass
                break
            await reader.readexactly(size + 2)
    else:
        await reader.read()
        return status, True
    return status, headers.get(b"connection") == b"close"


class Attacker:
    def __init__(self, port, attacks, spread, counts):
        self.port = port
        self.attacks = attacks
        self.sources = ([f"127.0.0.{i}" for i in range(10, 21)] if spread
                        else ["127.0.0.1"])
        self.counts = counts
        self.stats = {a: Stat() for a in attacks}
        self.running = True
        self.rng = random.Random(1)

    def src(self, i):
        return self.sources[i % len(self.sources)]

    def host(self):
        return f"Host: {HOST}:{self.port}\r\n"

    async def connect(self, st, i):
        try:
            r, w = await asyncio.wait_for(asyncio.open_connection(
                HOST, self.port, local_addr=(self.src(i), 0)), 10)
        except (OSError, asyncio.TimeoutError):
            st.inc("connect_failures")
            return None
        st.inc("connects")
        st.hold(1)
        return r, w

    @staticmethod
    def close(w):
        try:
            w.transport.abort()
        except Exception:
            pass

    async def idle(self, i, n, period=9.0):
        st = self.stats["idle"]
        await asyncio.sleep(i * 3.0 / n)  # ramp up over 3 s
        req = f"GET /health HTTP/1.1\r\n{self.host()}\r\n".encode()
        while self.running:
            c = await self.connect(st, i)
            if c:
                r, w = c
                try:
                    while self.running:
                        w.write(req)
                        await w.drain()
                        st.inc("requests")
                        status, close = await asyncio.wait_for(read_response(r), 15)
                        st.status(status)
                        if status != 200 or close:
                            break
                        await asyncio.sleep(period)
                except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                        ValueError, IndexError):
                    st.inc("closed_by_server")
                except asyncio.TimeoutError:
                    st.status("timeout")
                finally:
                    st.hold(-1)
                    self.close(w)
            await asyncio.sleep(period)

    async def slowloris(self, i, n):
        st = self.stats["slowloris"]
        await asyncio.sleep(i * 1.0 / n)
        head = (f"GET /health HTTP/1.1\r\n{self.host()}User-Agent: ").encode()
        while self.running:
            c = await self.connect(st, i)
            if c:
                r, w = c
                pos = 0
                try:
                    while self.running:
                        w.write(head[pos:pos + 1] if pos < len(head) else b"a")
                        pos += 1
                        await w.drain()
                        st.inc("bytes_sent")
                        try:
                            data = await asyncio.wait_for(r.read(4096), 1.0)
                        except asyncio.TimeoutError:
                            continue
                        if data.startswith(b"HTTP/1."):
                            st.status(int(data.split()[1]))
                        else:
                            st.inc("closed_by_server")
                        break
                except OSError:
                    st.inc("closed_by_server")
                finally:
                    st.hold(-1)
                    self.close(w)
            await asyncio.sleep(1.0)

    async def nonreader(self, i, n):
        st = self.stats["nonreader"]
        loop = asyncio.get_running_loop()
        req = (f"GET /search?q=sante+donnees&limit=100 HTTP/1.1\r\n{self.host()}\r\n").encode()
        batch = req * 50
        await asyncio.sleep(i * 0.5 / n)
        while self.running:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            try:
                s.bind((self.src(i), 0))
                await asyncio.wait_for(loop.sock_connect(s, (HOST, self.port)), 10)
            except (OSError, asyncio.TimeoutError):
                st.inc("connect_failures")
                s.close()
                await asyncio.sleep(1.0)
                continue
            st.inc("connects")
            st.hold(1)
            try:
                while self.running:
                    # 500 requests a second a connection at most: more than
                    # the server can answer, without turning a connection
                    # the server drains (a 429 is read until closed) into a
                    # flood of bytes that would load this machine's cores.
                    await loop.sock_sendall(s, batch)
                    st.inc("requests", 50)
                    await asyncio.sleep(0.1)
            except OSError:
                st.inc("closed_by_server")
            finally:
                st.hold(-1)
                s.close()
            await asyncio.sleep(1.0)

    def memo_path(self):
        words = ("".join(self.rng.choice(string.ascii_lowercase)
                         for _ in range(self.rng.randint(30, 60))) for _ in range(60))
        return "/analyze?text=" + "+".join(words)

    def longword_path(self):
        return "/search?q=" + "".join(self.rng.choice(string.ascii_lowercase)
                                      for _ in range(999))

    async def hammer(self, kind, i):
        st = self.stats[kind]
        make = self.memo_path if kind == "memo" else self.longword_path
        while self.running:
            c = await self.connect(st, i)
            pause = 0.0
            if c:
                r, w = c
                try:
                    while self.running:
                        w.write(f"GET {make()} HTTP/1.1\r\n{self.host()}\r\n".encode())
                        await w.drain()
                        st.inc("requests")
                        status, close = await asyncio.wait_for(read_response(r), 15)
                        st.status(status)
                        if status != 200:
                            pause = 0.2
                        if close or status == 429:
                            break
                except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                        ValueError, IndexError):
                    st.inc("closed_by_server")
                    pause = 0.2
                except asyncio.TimeoutError:
                    st.status("timeout")
                finally:
                    st.hold(-1)
                    self.close(w)
            else:
                pause = 0.2
            if pause:
                await asyncio.sleep(pause)

    async def run(self, seconds):
        tasks = []
        c = self.counts
        if "idle" in self.attacks:
            tasks += [self.idle(i, c["idle"]) for i in range(c["idle"])]
        if "slowloris" in self.attacks:
            tasks += [self.slowloris(i, c["slowloris"]) for i in range(c["slowloris"])]
        if "nonreader" in self.attacks:
            tasks += [self.nonreader(i, c["nonreader"]) for i in range(c["nonreader"])]
        for kind in ("memo", "longword"):
            if kind in self.attacks:
                tasks += [self.hammer(kind, i) for i in range(c[kind])]
        tasks = [asyncio.ensure_future(t) for t in tasks]
        await asyncio.sleep(seconds)
        self.running = False
        snapshot = {a: dict(self.stats[a].d) for a in self.attacks}
        for a in self.attacks:
            snapshot[a]["open_at_end"] = snapshot[a].pop("open")
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return snapshot


def attacker_main(args):
    raise_nofile(8192)
    counts = json.loads(args.counts)
    attacks = [a for a in args.attacks.split(",") if a]
    att = Attacker(args.port, attacks, args.spread, counts)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    stats = asyncio.run(att.run(args.seconds))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    stats["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)
    print(json.dumps(stats), flush=True)


# --------------------------------------------------------------------------
# orchestration


def run_once(args):
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    nofile = raise_nofile(4096)
    attacks = (list(ATTACKS) if args.attacks == "all" else
               [] if args.attacks == "none" else
               [a.strip() for a in args.attacks.split(",") if a.strip()])
    for a in attacks:
        if a not in ATTACKS:
            sys.exit(f"unknown attack {a!r}; one of {', '.join(ATTACKS)}")
    counts = {"idle": args.idle_connections, "slowloris": args.slowloris_connections,
              "nonreader": args.nonreader_connections, "memo": args.memo_clients,
              "longword": args.longword_clients}
    queries = load_queries(args.queries)
    stderr_path = args.server_stderr or tempfile.mkstemp(prefix="fouille-serve-", suffix=".err")[1]
    server = Server(args.bin, args.index, args.corpus, args.server_arg or [], stderr_path)
    attacker = None
    stop = threading.Event()
    threads = []
    result = {"bin": args.bin, "attacks": args.attacks, "spread": args.spread,
              "duration_s": args.duration, "warmup_s": args.warmup,
              "client_nofile_limit": nofile, "server_cmd": server.cmd}
    try:
        result["startup_s"] = round(server.wait_healthy(), 3)
        pid = server.proc.pid
        rss = [proc_status(pid, "VmRSS")]
        fds = [open_fds(pid)]
        if attacks:
            attacker = subprocess.Popen(
                [sys.executable, os.path.abspath(__file__), "--attacker",
                 "--port", str(server.port), "--attacks", ",".join(attacks),
                 "--seconds", str(args.warmup + args.duration),
                 "--counts", json.dumps(counts)] + (["--spread"] if args.spread else []),
                stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        records = []
        for i in range(args.clients):
            t = threading.Thread(target=normal_client,
                                 args=(server.port, queries, stop, records, i), daemon=True)
            t.start()
            threads.append(t)
        probes = []
        if args.fresh_probe:
            t = threading.Thread(target=fresh_probe,
                                 args=(server.port, queries, stop, probes), daemon=True)
            t.start()
            threads.append(t)
        t0 = time.monotonic() + args.warmup
        t1 = t0 + args.duration
        rss_start = None
        cpu_start = None
        while time.monotonic() < t1:
            time.sleep(0.25)
            if server.proc.poll() is not None:
                break
            v = proc_status(pid, "VmRSS")
            if v is not None:
                rss.append(v)
                if rss_start is None and time.monotonic() >= t0:
                    rss_start = v
                    cpu_start = cpu_seconds(pid)
            fds.append(open_fds(pid))
        rss_end = proc_status(pid, "VmRSS")
        cpu_end = cpu_seconds(pid)
        if cpu_start is not None and cpu_end is not None:
            # cores the server used over the measured window (of 2 here)
            result["server_cpu_cores"] = round((cpu_end - cpu_start) / args.duration, 2)
        fds_end = open_fds(pid)
        stop.set()
        for t in threads:
            t.join(timeout=REQUEST_DEADLINE + 1)
        result["normal"] = summarize_normal(records, t0, t1)
        if args.fresh_probe:
            fresh = summarize_normal(probes, t0, t1)
            del fresh["rps"]
            result["fresh_connections"] = fresh
        mb = lambda kb: None if kb is None else round(kb / 1024, 1)
        result["server_rss_mb"] = {
            "before_load": mb(rss[0]), "start": mb(rss_start), "end": mb(rss_end),
            "max": mb(max((v for v in rss if v is not None), default=None))}
        result["server_fds"] = {"before_load": fds[0], "end": fds_end,
                                "max": max((v for v in fds if v is not None), default=None)}
        if attacker is not None:
            try:
                out, _ = attacker.communicate(timeout=30)
                result["attackers"] = json.loads(out.decode().strip().splitlines()[-1])
            except (subprocess.TimeoutExpired, ValueError, IndexError) as e:
                result["attackers"] = {"error": f"no attacker report: {e!r}"}
    except Exception as e:  # report, still clean up
        result["error"] = repr(e)
    finally:
        stop.set()
        if attacker is not None and attacker.poll() is None:
            attacker.kill()
            attacker.wait()
        code = server.stop()
        result["server_exited_during_run"] = code is not None
        if code is not None:
            result["server_exit_code"] = code
        result["server_stderr"] = server.stderr_summary()
        result["server_stderr"]["path"] = stderr_path
        if not args.server_stderr and not result["server_stderr"]["panics"]:
            os.unlink(stderr_path)
            result["server_stderr"]["path"] = None
    print(json.dumps(result, ensure_ascii=False), flush=True)


def startup_runs(args):
    times = []
    panics = 0
    for _ in range(args.startup_runs):
        path = tempfile.mkstemp(prefix="fouille-serve-", suffix=".err")[1]
        server = Server(args.bin, args.index, args.corpus, args.server_arg or [], path)
        try:
            times.append(server.wait_healthy())
        finally:
            server.stop()
            panics += server.stderr_summary()["panics"]
            os.unlink(path)
    s = sorted(times)
    print(json.dumps({"bin": args.bin, "startup_runs_s": [round(t, 3) for t in times],
                      "median_s": round(s[len(s) // 2] if len(s) % 2 else
                                        (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2, 3),
                      "panics": panics}), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", help="the fouille binary")
    p.add_argument("--index", help="the index directory")
    p.add_argument("--corpus", help="the corpus directory")
    p.add_argument("--duration", type=float, default=30, help="seconds measured [30]")
    p.add_argument("--warmup", type=float, default=3, help="seconds before measuring [3]")
    p.add_argument("--attacks", default="all",
                   help="none, all, or a comma list of " + ", ".join(ATTACKS) + " [all]")
    p.add_argument("--spread", action="store_true",
                   help="attack from 127.0.0.10-127.0.0.20 rather than 127.0.0.1")
    p.add_argument("--queries", default=os.path.join(HERE, "..", "..", "tests", "data", "dev.jsonl"),
                   help="normal queries: JSON lines with a query field, or one a line")
    p.add_argument("--clients", type=int, default=4, help="normal client threads [4]")
    p.add_argument("--fresh-probe", type=int, default=1,
                   help="1: also one request every 0.5 s on a new connection from "
                        "127.0.0.2, reported as fresh_connections; 0: not [1]")
    p.add_argument("--idle-connections", type=int, default=1100)
    p.add_argument("--slowloris-connections", type=int, default=200)
    p.add_argument("--nonreader-connections", type=int, default=20)
    p.add_argument("--memo-clients", type=int, default=4)
    p.add_argument("--longword-clients", type=int, default=4)
    p.add_argument("--server-arg", action="append",
                   help="one more argument for 'serve' (repeat; e.g. --server-arg=--client-rate=50)")
    p.add_argument("--server-stderr", help="keep the server's stderr in this file")
    p.add_argument("--startup-runs", type=int,
                   help="instead: start the server N times, print spawn-to-/health times")
    # internal: the attacker child
    p.add_argument("--attacker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--port", type=int, help=argparse.SUPPRESS)
    p.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    p.add_argument("--counts", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.attacker:
        return attacker_main(args)
    for name in ("bin", "index", "corpus"):
        if not getattr(args, name):
            p.error(f"--{name} is required")
    if args.startup_runs:
        return startup_runs(args)
    return run_once(args)


if __name__ == "__main__":
    main()

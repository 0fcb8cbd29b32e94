#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helper of bench/bench-refresh.sh (standard library only).

  feeds GEN DIR N SEED_OFFSET BASE_URL MTIME   DIR/I.xml for I in 1..N, seed I+SEED_OFFSET
  opml N BASE_URL                              OPML 2.0 of BASE_URL/feed/I.xml on stdout
  port                                         a free TCP port on 127.0.0.1
  wait PORT                                    until something listens there (10 s at most)
  codes LOG FROM                               HTTP statuses in LOG's lines past line FROM
  time FILE                                    "SECONDS MAX_RSS_KB" of a `/usr/bin/time -v` file
  cpu FILE                                     user + system CPU seconds of the same file
  table RESULTS                                the comparison table of the results
"""
import collections, contextlib, os, runpy, socket, statistics, sys, time
from xml.sax.saxutils import quoteattr


def feeds(gen, directory, n, offset, base, mtime):
    os.makedirs(directory, exist_ok=True)
    n, offset, mtime = int(n), int(offset), float(mtime)
    for i in range(1, n + 1):
        seed = i + offset
        path = os.path.join(directory, f"{i}.xml")
        # gen-feed.py writes to stdout at import time: run it in this process rather
        # than start Python thousands of times.
        with open(path, "w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
            sys.argv = [gen, "100", str(seed), base]
            runpy.run_path(gen, run_name="__main__")
        if offset:
            # Another seed, another content, but the feed still names its own address.
            with open(path, encoding="utf-8") as f:
                text = f.read()
            text = text.replace(f'{base}/feed/{seed}.xml"', f'{base}/feed/{i}.xml"')
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        # http.server's Last-Modified has whole seconds: set it, so that the changed
        # files are newer than the first ones even when written in the same second.
        os.utime(path, (mtime, mtime))


def opml(n, base):
    print('<?xml version="1.0" encoding="UTF-8"?>')
    print('<opml version="2.0"><head><title>Benchmark</title></head><body>')
    for i in range(1, int(n) + 1):
        url = f"{base}/feed/{i}.xml"
        print(f'<outline type="rss" text="Synthetic Show {i}" xmlUrl={quoteattr(url)}/>')
    print('</body></opml>')


def port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def wait(p):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", int(p))) == 0:
                return
        time.sleep(0.05)
    sys.exit("bench-refresh: the server did not start")


def codes(log, start):
    counts = collections.Counter()
    with open(log, errors="replace") as f:
        for number, line in enumerate(f, 1):
            if number <= int(start) or '"GET ' not in line:
                continue
            fields = line.rsplit('"', 1)[-1].split()
            counts[fields[0] if fields else "?"] += 1
    print(" ".join(f"{code}:{n}" for code, n in sorted(counts.items())) or "none")


def parse_time(path, cpu=False):
    seconds = rss = used = 0.0
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith(("User time (seconds)", "System time (seconds)")):
                used += float(line.rsplit(" ", 1)[-1])
            elif line.startswith("Elapsed (wall clock) time"):
                value = line.rsplit(" ", 1)[-1]
                for part in value.split(":"):
                    seconds = seconds * 60 + float(part)
            elif line.startswith("Maximum resident set size"):
                rss = float(line.rsplit(" ", 1)[-1])
    return (seconds, rss, used) if cpu else (seconds, rss)


def time_(path):
    seconds, rss = parse_time(path)
    print(f"{seconds:.2f} {rss:.0f}")


def cpu(path):
    print(f"{parse_time(path, cpu=True)[2]:.2f}")


PHASES = [("import", "import"), ("refresh", "refresh, every feed changed"),
          ("304", "refresh, every feed 304")]


def table(results):
    runs = collections.defaultdict(list)
    with open(results) as f:
        for line in f:
            # N TOOL PHASE SECONDS RSS_KB [CPU_SECONDS]
            n, tool, phase, *values = line.split()
            runs[(int(n), tool, phase)].append(tuple(float(v) for v in values))

    def median(n, tool, phase, column):
        values = [run[column] for run in runs.get((n, tool, phase), []) if len(run) > column]
        return statistics.median(values) if values else None

    sizes = sorted({key[0] for key in runs})
    print(f"{'feeds':>5}  {'phase':<28} {'gpo s':>7} {'lw s':>7} {'gpo/lw':>7}"
          f"  {'gpo cpu':>7} {'lw cpu':>7} {'gpo/lw':>7}"
          f"  {'gpo MB':>7} {'lw MB':>7} {'gpo/lw':>7}  targets")
    def column(g, l, scale=1.0):
        if g is None and l is None:
            return f"{'-':>7} {'-':>7} {'-':>7}"
        if g is None:
            return f"{'-':>7} {l / scale:>7.2f} {'-':>7}"
        if l is None:
            return f"{g / scale:>7.2f} {'-':>7} {'-':>7}"
        g, l = g / scale, l / scale
        return f"{g:>7.2f} {l:>7.2f} {g / max(l, 0.005):>7.1f}"

    for n in sizes:
        for phase, label in PHASES:
            g, l = median(n, "gpo", phase, 0), median(n, "lw", phase, 0)
            gc, lc = median(n, "gpo", phase, 2), median(n, "lw", phase, 2)
            gm, lm = median(n, "gpo", phase, 1), median(n, "lw", phase, 1)
            if l is None:
                continue
            checks = []
            if phase == "304":
                checks.append("<1s " + ("ok" if l < 1 else "MISSED"))
            elif g is not None:
                checks.append("≤1/10 " + ("ok" if l * 10 <= g else "MISSED"))
            if gm is not None:
                checks.append("mem≤1/2 " + ("ok" if lm * 2 <= gm else "MISSED"))
            print(f"{n:>5}  {label:<28} {column(g, l)}  {column(gc, lc)}"
                  f"  {column(gm, lm, 1024)}  {' '.join(checks)}")
    count = max((len(v) for v in runs.values()), default=0)
    print(f"(median of {count} run(s); s: wall time, cpu: user + system seconds, MB: peak RSS,"
          " all from /usr/bin/time -v; the targets are on wall time)")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"feeds": feeds, "opml": opml, "port": port, "wait": wait, "codes": codes,
     "time": time_, "cpu": cpu, "table": table}[command](*args)

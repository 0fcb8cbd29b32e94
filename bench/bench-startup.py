#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helper of bench/bench-startup.sh (standard library only).

  launch NAME SETTLE CMD...   starts CMD, polls `xdotool search --onlyvisible --pid`
                              every 10 ms until a window of the process is visible,
                              waits SETTLE seconds, reads the resident memory of the
                              process and its children, ends it; prints
                              "NAME SECONDS RSS_KB"
  table RESULTS               medians, ratios and memory from the lines above
"""
import os, signal, statistics, subprocess, sys, time


def tree_rss_kb(pid):
    """VmRSS of @pid and every descendant (gPodder may start helpers)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def visible(pid):
    """The id of a visible window of @pid, or None."""
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if out.returncode != 0 or out.stdout.strip() == "":
        return None
    return out.stdout.split()[0]


def launch(name, settle, cmd):
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    seconds = None
    deadline = start + 60
    while time.monotonic() < deadline and proc.poll() is None:
        window = visible(proc.pid)
        if window is not None:
            seconds = time.monotonic() - start
            break
        time.sleep(0.01)
    rss = 0
    if seconds is not None:
        # What it shows 0.3 s after it was mapped (LW_BENCH_SHOT=path.png): a mapped
        # window's first paint can come a frame later, and a capture at once is black.
        shot = os.environ.get("LW_BENCH_SHOT")
        if shot:
            time.sleep(0.3)
            subprocess.run(["import", "-window", window, shot],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(float(settle))
        rss = tree_rss_kb(proc.pid)
    # The whole session: gPodder's helpers too.
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            pass
    if seconds is None:
        print(f"{name} failed", flush=True)
        return
    print(f"{name} {seconds:.3f} {rss}", flush=True)


def table(path):
    times, rss = {}, {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                times.setdefault(parts[0], []).append(float(parts[1]))
                rss.setdefault(parts[0], []).append(int(parts[2]))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{'':10} {'median s':>9} {'runs':>5} {'min s':>7} {'max s':>7} {'RSS MB':>7}")
    for k in ("floor", "longwave", "gpodder"):
        if k in med:
            print(f"{k:10} {med[k]:9.3f} {len(times[k]):5d} {min(times[k]):7.3f} {max(times[k]):7.3f}"
                  f" {statistics.median(rss[k]) / 1024:7.1f}")
    if "longwave" in med and "floor" in med:
        print(f"longwave / floor   {med['longwave'] / med['floor']:.2f}  (goal ≤ 1.30)")
    if "longwave" in med and "gpodder" in med:
        print(f"longwave / gpodder {med['longwave'] / med['gpodder']:.2f}  (goal < 1.00)")


if __name__ == "__main__":
    if sys.argv[1] == "launch":
        launch(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif sys.argv[1] == "table":
        table(sys.argv[2])
    else:
        sys.exit(__doc__)

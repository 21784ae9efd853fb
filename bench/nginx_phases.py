"""Starts nginx for each DIR in shuffled turns, then reads the trace that
bench/nginx_phases.sh's uprobes wrote and prints, per DIR, the median of
each phase of its starts and the difference to the first DIR's.

    nginx_phases.py RUNS NGINX STOP_SH TRACE DIR...
"""
import collections
import os
import random
import re
import statistics
import subprocess
import sys

PHASES = (("exec -> init_cycle", "sched_process_exec", "init_cycle"),
          ("init_cycle -> open_listening", "init_cycle", "open_listening"),
          ("open_listening -> daemon", "open_listening", "daemon"),
          ("exec -> daemon", "sched_process_exec", "daemon"))
EVENT = re.compile(r"-(\d+)\s+\[\d+\].*?\s(\d+\.\d+): (\w+):")


def run(runs, nginx, stop, dirs):
    """Starts each DIR once a round; returns {pid: DIR}."""
    started = {}
    rnd = random.Random(5)
    for _ in range(runs):
        order = list(dirs)
        rnd.shuffle(order)
        for d in order:
            p = subprocess.Popen([nginx, "-p", d, "-c", d + "/nginx.conf",
                                  "-e", d + "/error.log"])
            started[p.pid] = d
            if p.wait() != 0:
                sys.exit("nginx failed to start in %s" % d)
            subprocess.run(["sh", stop, d], check=True)
    return started


def events(trace):
    """{pid: {event: first timestamp}}"""
    seen = collections.defaultdict(dict)
    with open(trace) as f:
        for line in f:
            m = EVENT.search(line)
            if m:
                seen[int(m.group(1))].setdefault(m.group(3),
                                                 float(m.group(2)))
    return seen


def diff_interval(xs, base, rnd, n=2000):
    """95% bootstrap interval of median(xs) - median(base)."""
    d = sorted(statistics.median(rnd.choices(xs, k=len(xs)))
               - statistics.median(rnd.choices(base, k=len(base)))
               for _ in range(n))
    return d[int(n * 0.025)], d[int(n * 0.975)]


def main():
    runs, nginx, stop, trace, dirs = (int(sys.argv[1]), sys.argv[2],
                                      sys.argv[3], sys.argv[4], sys.argv[5:])
    started = run(runs, nginx, stop, dirs)
    seen = events(trace)
    us = {d: collections.defaultdict(list) for d in dirs}
    for pid, d in started.items():
        e = seen.get(pid, {})
        for name, a, b in PHASES:
            if a in e and b in e:
                us[d][name].append((e[b] - e[a]) * 1e6)
    rnd = random.Random(6)
    base = dirs[0]
    print("%d starts each, medians in us (difference to %s, 95%% interval):"
          % (runs, os.path.basename(base)))
    for name, _, _ in PHASES:
        line = "  %-30s" % name
        for d in dirs:
            xs = us[d][name]
            if not xs:
                sys.exit("no %s events for %s: are the uprobes there?"
                         % (name, d))
            line += "  %s %.1f" % (os.path.basename(d), statistics.median(xs))
            if d != base:
                lo, hi = diff_interval(xs, us[base][name], rnd)
                line += " (%+.1f, %+.1f..%+.1f)" % (
                    statistics.median(xs) - statistics.median(us[base][name]),
                    lo, hi)
        print(line)


if __name__ == "__main__":
    main()

"""Times a server's start for several configurations, in turn.

    start_runs.py RUNS START READY STOP BASE:DIR [BASE:DIR ...]

START, READY and STOP are templates in which {d} stands for a DIR:
START the command that starts the server (run directly, not through a
shell, so that its CPU time is the server's), READY a file that exists
once the server runs, STOP a shell command that stops it and returns
once it is gone.  Each pair prints DIR's medians and its ratio to BASE
(BASE:BASE only the medians); a DIR in several pairs is started once
per round all the same.

Each round starts every configuration once, in a shuffled order, so
that whatever else the machine does weighs on all alike; each server is
stopped (untimed) once READY exists.  Two measures per start, both of
the process START runs, which loads the modules, runs the check and
returns once the daemon it forked is on its way (httpd reads its
configuration, and loads its modules, twice before that):

  wall  from exec until it returns, as a launcher or apachectl sees it;
  cpu   its CPU time (getrusage): what a busy machine moves least.

(Busy-waiting for a pid file instead would put the waiter on one of the
daemon's cores: on a 2-core machine that moved the medians by percents.)
Prints the medians, and the median over the rounds of each start's ratio
to its BASE's in the same round, with a 95% bootstrap interval.
"""
import os
import random
import shlex
import statistics
import subprocess
import sys
import time


def start(argv, ready):
    t0 = time.perf_counter_ns()
    pid = os.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    _, status, ru = os.wait4(pid, 0)
    wall = (time.perf_counter_ns() - t0) / 1e6
    if status != 0:
        sys.exit("%s: failed" % " ".join(argv))
    for _ in range(5000):
        if os.path.exists(ready) and os.path.getsize(ready) > 0:
            break
        time.sleep(0.001)
    else:
        sys.exit("%s: no %s after 5 s" % (" ".join(argv), ready))
    return wall, (ru.ru_utime + ru.ru_stime) * 1e3


def paired(base, xs, rnd, n=2000):
    """Median of the per-round ratios, and its 95% bootstrap interval."""
    ratios = [x / b for x, b in zip(xs, base)]
    rs = sorted(statistics.median(rnd.choices(ratios, k=len(ratios)))
                for _ in range(n))
    return statistics.median(ratios), rs[int(n * 0.025)], rs[int(n * 0.975)]


def main():
    runs, start_t, ready_t, stop_t = int(sys.argv[1]), *sys.argv[2:5]
    pairs = [a.split(":", 1) for a in sys.argv[5:]]
    names = list(dict.fromkeys(d for pair in pairs for d in pair))
    wall = {n: [] for n in names}
    cpu = {n: [] for n in names}
    rnd = random.Random(8)
    for _ in range(runs):
        order = list(names)
        rnd.shuffle(order)
        for n in order:
            w, c = start(shlex.split(start_t.format(d=n)), ready_t.format(d=n))
            wall[n].append(w)
            cpu[n].append(c)
            subprocess.run(stop_t.format(d=n), shell=True, check=True)
    print("%d runs each, in shuffled turns: medians, and the ratio to the "
          "base (95%% interval):" % runs)
    for b, n in pairs:
        line = "  %-28s wall %.3f ms, cpu %.3f ms" % (
            os.path.basename(n), statistics.median(wall[n]),
            statistics.median(cpu[n]))
        if b != n:
            line += "; to %s" % os.path.basename(b)
            for what, xs in (("wall", wall), ("cpu", cpu)):
                line += "; %s %.3f (%.3f-%.3f)" % ((what,)
                                                   + paired(xs[b], xs[n], rnd))
        print(line)


if __name__ == "__main__":
    main()

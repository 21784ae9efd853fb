"""Times preflight against a reference command (a server's own reader,
ss), side by side, in turn.

    side_by_side.py RUNS "NAME|BASE_CMD|CMD" ["NAME|BASE_CMD|CMD" ...]

Each argument names a pair: CMD (preflight) and BASE_CMD (the reference
doing the same job), both shell-quoted command lines run
directly (no shell), so that the CPU time measured is theirs and their
children's (wait4).  Each round runs every command of every pair once,
in a shuffled order, so that whatever else the machine does weighs on
all alike.  Prints, per pair, the medians of wall and CPU time and the
median over the rounds of CMD's ratio to BASE_CMD in the same round,
with a 95% bootstrap interval.  A command that exits with a status other
than 0 or 1 (preflight: a port in use) stops the bench.
"""
import os
import random
import shlex
import statistics
import sys
import time


def run(argv):
    t0 = time.perf_counter_ns()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.execvp(argv[0], argv)
    _, status, ru = os.wait4(pid, 0)
    wall = (time.perf_counter_ns() - t0) / 1e6
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) not in (0, 1):
        sys.exit("%s: failed (%d)" % (" ".join(argv), status))
    return wall, (ru.ru_utime + ru.ru_stime) * 1e3


def paired(base, xs, rnd, n=2000):
    """Median of the per-round ratios, and its 95% bootstrap interval."""
    ratios = [x / b for x, b in zip(xs, base)]
    rs = sorted(statistics.median(rnd.choices(ratios, k=len(ratios)))
                for _ in range(n))
    return statistics.median(ratios), rs[int(n * 0.025)], rs[int(n * 0.975)]


def main():
    runs = int(sys.argv[1])
    pairs = []
    for arg in sys.argv[2:]:
        name, base, cmd = arg.split("|", 2)
        pairs.append((name, shlex.split(base), shlex.split(cmd)))
    rnd = random.Random(22)
    res = {(p[0], k): {"wall": [], "cpu": []} for p in pairs
           for k in ("base", "cmd")}
    for _ in range(runs):
        turns = [(p[0], k, p[1] if k == "base" else p[2])
                 for p in pairs for k in ("base", "cmd")]
        rnd.shuffle(turns)
        for name, k, argv in turns:
            wall, cpu = run(argv)
            res[(name, k)]["wall"].append(wall)
            res[(name, k)]["cpu"].append(cpu)
    print("| case | reference wall / CPU ms | preflight wall / CPU ms "
          "| ratio wall (95%) | ratio CPU (95%) |")
    print("|---|---:|---:|---:|---:|")
    for name, _, _ in pairs:
        b, c = res[(name, "base")], res[(name, "cmd")]
        rw = paired(b["wall"], c["wall"], rnd)
        rc = paired(b["cpu"], c["cpu"], rnd)
        print("| %s | %.1f / %.1f | %.1f / %.1f | %.3f (%.3f-%.3f) "
              "| %.3f (%.3f-%.3f) |"
              % (name, statistics.median(b["wall"]),
                 statistics.median(b["cpu"]), statistics.median(c["wall"]),
                 statistics.median(c["cpu"]), rw[0], rw[1], rw[2], rc[0],
                 rc[1], rc[2]))
        sys.stdout.flush()


if __name__ == "__main__":
    main()

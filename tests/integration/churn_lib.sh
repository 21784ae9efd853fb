# Sourced by churn_nginx.sh, churn_apache.sh and bench/churn.sh (after
# lib.sh): the moving parts of issue 23's storm, all started here and
# stopped by PID.

# churn_client PORT...: a client that keeps a connection open to each
# PORT with a request half sent (headers not finished), so that the worker
# that accepted it cannot close it as idle: after a reload it is an old
# worker draining a real connection.  Reconnects whenever the connection
# is closed (the worker's shutdown timer) and the port listens.
churn_client() {
    python3 - "$@" >"$PF_TMP/client.out" 2>&1 <<'PY' &
import socket, sys, time
ports = [int(p) for p in sys.argv[1:]]
conns = {}
print("ready", flush=True)
while True:
    for p in ports:
        c = conns.get(p)
        if c is not None:
            try:
                c.setblocking(False)
                if c.recv(4096) == b"":
                    raise OSError("closed")
            except BlockingIOError:
                continue
            except OSError:
                c.close(); conns.pop(p, None)
        try:
            c = socket.create_connection(("127.0.0.1", p), timeout=0.2)
            c.sendall(b"GET / HTTP/1.1\r\nHost: churn\r\nConnection: keep-alive\r\n")
            conns[p] = c
        except OSError:
            pass
    time.sleep(0.02)
PY
    CHURN_CLIENT=$!
    pf_track "$CHURN_CLIENT"
}

# churn_holder PORT SIGNAL_FILE PATTERN: a holder that listens on PORT
# if it is free, and exits (releases it) 0 to 3 ms after SIGNAL_FILE
# gets a line with PATTERN (the server's "reconfiguring"): before, during
# or after the module's check.  Prints its pid to $PF_TMP/holder.pid
# when it holds the port.
churn_holder() {
    rm -f "$PF_TMP/holder.pid"
    PF_TMP=$PF_TMP python3 - "$1" "$2" "$3" >>"$PF_TMP/holder.log" 2>&1 <<'PY' &
import os, random, socket, sys, time
port, log, pat = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", port)); s.listen(4)
except OSError:
    print("taken", flush=True); sys.exit(0)   # nothing to hold this round
start = os.path.getsize(log) if os.path.exists(log) else 0
print("holding %d pid %d" % (port, os.getpid()), flush=True)
open(os.environ["PF_TMP"] + "/holder.pid", "w").write("%d\n" % os.getpid())
t0 = time.time()
with open(log, "rb") as f:
    f.seek(start)
    buf = b""
    while time.time() - t0 < 10:
        buf += f.read()
        if pat in buf:
            time.sleep(random.uniform(0, 0.003))
            break
        time.sleep(0.0005)
PY
    CHURN_HOLDER=$!
}

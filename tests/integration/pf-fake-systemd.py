#!/usr/bin/python3
"""A stand-in for systemd's manager on a private D-Bus, for remedy_sdbus.sh.

It owns org.freedesktop.systemd1 on the bus given by --address (never the
real system bus) and serves what preflight's sd-bus code calls
(core/src/unix/pf_linux_sdbus.c, core/src/unix/pf_linux_sockunit.c):

  Manager  LoadUnit, GetUnitFileState, StopUnit, StartUnit,
           DisableUnitFiles, EnableUnitFiles, Reload, ListUnitsByPatterns,
           GetUnitByPID (as systemd maps a PID: its cgroup, read from
           /proc/PID/cgroup, is the unit's or below it; else NoUnitForPID)
  Unit     org.freedesktop.DBus.Properties Get/GetAll (ActiveState, ...;
           Service: MainPID, ControlGroup, User)
  Job      Properties Get of State while the job runs; the object goes
           away (and JobRemoved is sent) once the job is done, as in
           systemd, but never before one Get of it was answered

for ONE unit, --unit: any other name is NoSuchUnit.  StopUnit sends
SIGTERM to the unit's process (first --holder-pid, the test's own holder)
and finishes its job once that process is gone; StartUnit starts
--holder-cmd inside --cgroup (so the facts name the unit) and finishes its
job once the new process prints "ready".  Every call received is appended
to --log; the unit's state goes to --state (ActiveState=..,
UnitFileState=..) and the unit's current PID to --pidfile, each written
atomically.  "ready" is printed on stdout once the name is owned.
"""
import argparse
import os
import signal
import subprocess
import sys

import dbus
import dbus.bus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

BUS_NAME = "org.freedesktop.systemd1"
ROOT = "/org/freedesktop/systemd1"
MANAGER = "org.freedesktop.systemd1.Manager"
UNIT = "org.freedesktop.systemd1.Unit"
SERVICE = "org.freedesktop.systemd1.Service"
JOB = "org.freedesktop.systemd1.Job"
PROPS = "org.freedesktop.DBus.Properties"


class Error(dbus.DBusException):
    def __init__(self, name, message):
        super().__init__(message)
        self._dbus_error_name = name


def bus_label(name):
    """systemd's object path escaping (bus_label_escape)."""
    out = []
    for i, ch in enumerate(name):
        if ch.isascii() and (ch.isalpha() or (ch.isdigit() and i > 0)):
            out.append(ch)
        else:
            out.append("_%02x" % ord(ch))
    return "".join(out)


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def process_gone(pid):
    """True once PID has exited (a zombie counts as gone)."""
    try:
        # our own child (started by StartUnit): reap it
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return True
    except ChildProcessError:
        pass
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return True
    return stat[stat.rfind(")") + 2:].startswith("Z")


CGROUP_ROOTS = ("/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified",
                "/sys/fs/cgroup")


def cgroup_rel(path):
    """A cgroup directory as systemd names it: below its hierarchy."""
    for root in CGROUP_ROOTS:
        if path.startswith(root + "/"):
            return path[len(root):]
    return path


def cgroup_of(pid):
    """The systemd cgroup of PID (name=systemd first, as on a hybrid
    host, else the unified line), or None."""
    try:
        with open("/proc/%d/cgroup" % pid) as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    best = None
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        if parts[1] == "name=systemd":
            return parts[2]
        if parts[0] == "0" and parts[1] == "":
            best = parts[2]
    return best


class PropsObject(dbus.service.Object):
    """An object whose properties are read with o.f.DBus.Properties."""

    def __init__(self, fake, path):
        super().__init__(fake.conn, path)
        self.fake = fake
        self.path = path

    def properties(self):
        return {}

    @dbus.service.method(PROPS, in_signature="ss", out_signature="v")
    def Get(self, iface, prop):
        self.fake.log("Get %s %s %s" % (self.path, iface, prop))
        props = self.properties().get(iface)
        if props is None or prop not in props:
            raise Error("org.freedesktop.DBus.Error.UnknownProperty",
                        "unknown property %s.%s" % (iface, prop))
        return props[prop]

    @dbus.service.method(PROPS, in_signature="s", out_signature="a{sv}")
    def GetAll(self, iface):
        self.fake.log("GetAll %s %s" % (self.path, iface))
        return dbus.Dictionary(self.properties().get(iface, {}),
                               signature="sv")


class Unit(PropsObject):
    def properties(self):
        f = self.fake
        return {
            UNIT: {
                "Id": dbus.String(f.unit),
                "LoadState": dbus.String("loaded"),
                "ActiveState": dbus.String(f.active),
                "SubState": dbus.String(f.sub),
                "UnitFileState": dbus.String(f.file_state),
                "Triggers": dbus.Array([], signature="s"),
            },
            SERVICE: {
                "MainPID": dbus.UInt32(f.pid if f.active == "active" else 0),
                "ControlGroup": dbus.String(f.cgroup_rel),
                "User": dbus.String(""),
            },
        }


class Job(PropsObject):
    def __init__(self, fake, jid, kind):
        super().__init__(fake, "%s/job/%d" % (ROOT, jid))
        self.jid = jid
        self.kind = kind
        self.seen = False

    @dbus.service.method(PROPS, in_signature="ss", out_signature="v")
    def Get(self, iface, prop):
        value = PropsObject.Get(self, iface, prop)
        self.seen = True
        return value

    def properties(self):
        return {
            JOB: {
                "Id": dbus.UInt32(self.jid),
                "Unit": dbus.Struct((self.fake.unit, self.fake.unit_path),
                                    signature="so"),
                "JobType": dbus.String(self.kind),
                "State": dbus.String("running"),
            },
        }


class Manager(dbus.service.Object):
    def __init__(self, fake):
        super().__init__(fake.conn, ROOT)
        self.fake = fake

    @dbus.service.signal(MANAGER, signature="uoss")
    def JobRemoved(self, jid, path, unit, result):
        pass

    @dbus.service.method(MANAGER, in_signature="s", out_signature="o")
    def LoadUnit(self, name):
        self.fake.log("LoadUnit %s" % name)
        return self.fake.check_unit(name)

    @dbus.service.method(MANAGER, in_signature="u", out_signature="o")
    def GetUnitByPID(self, pid):
        self.fake.log("GetUnitByPID %d" % pid)
        path = cgroup_of(pid)
        rel = self.fake.cgroup_rel
        if path is not None and (path == rel or path.startswith(rel + "/")):
            return dbus.ObjectPath(self.fake.unit_path)
        raise Error("org.freedesktop.systemd1.NoUnitForPID",
                    "PID %d does not belong to any loaded unit." % pid)

    @dbus.service.method(MANAGER, in_signature="s", out_signature="s")
    def GetUnitFileState(self, name):
        self.fake.log("GetUnitFileState %s" % name)
        self.fake.check_unit(name)
        return self.fake.file_state

    @dbus.service.method(MANAGER, in_signature="ss", out_signature="o")
    def StopUnit(self, name, mode):
        self.fake.log("StopUnit %s %s" % (name, mode))
        self.fake.check_unit(name)
        return self.fake.job("stop")

    @dbus.service.method(MANAGER, in_signature="ss", out_signature="o")
    def StartUnit(self, name, mode):
        self.fake.log("StartUnit %s %s" % (name, mode))
        self.fake.check_unit(name)
        return self.fake.job("start")

    @dbus.service.method(MANAGER, in_signature="asb", out_signature="a(sss)")
    def DisableUnitFiles(self, names, runtime):
        self.fake.log("DisableUnitFiles %s runtime=%d"
                      % (",".join(names), runtime))
        for n in names:
            self.fake.check_unit(n)
        changes = []
        if self.fake.file_state == "enabled":
            self.fake.file_state = "disabled"
            changes.append(("unlink", "/etc/systemd/system/multi-user.target"
                            ".wants/" + self.fake.unit, ""))
        self.fake.save()
        return dbus.Array(changes, signature="(sss)")

    @dbus.service.method(MANAGER, in_signature="asbb",
                         out_signature="ba(sss)")
    def EnableUnitFiles(self, names, runtime, force):
        self.fake.log("EnableUnitFiles %s runtime=%d force=%d"
                      % (",".join(names), runtime, force))
        for n in names:
            self.fake.check_unit(n)
        changes = []
        if self.fake.file_state == "disabled":
            self.fake.file_state = "enabled"
            changes.append(("symlink", "/etc/systemd/system/multi-user."
                            "target.wants/" + self.fake.unit,
                            "/lib/systemd/system/" + self.fake.unit))
        self.fake.save()
        return (True, dbus.Array(changes, signature="(sss)"))

    @dbus.service.method(MANAGER, in_signature="", out_signature="")
    def Reload(self):
        self.fake.log("Reload")

    @dbus.service.method(MANAGER, in_signature="asas",
                         out_signature="a(ssssssouso)")
    def ListUnitsByPatterns(self, states, patterns):
        # asked by the facts layer only when PID 1 holds a port
        self.fake.log("ListUnitsByPatterns %s %s"
                      % (",".join(states), ",".join(patterns)))
        return dbus.Array([], signature="(ssssssouso)")


class Fake:
    def __init__(self, args):
        self.args = args
        self.unit = args.unit
        self.unit_path = "%s/unit/%s" % (ROOT, bus_label(args.unit))
        self.pid = args.holder_pid
        self.cgroup_rel = cgroup_rel(args.cgroup)
        self.active, self.sub = "active", "running"
        self.file_state = args.file_state
        self.next_job = 1
        self.running = None      # the job under way, if any
        self.loop = GLib.MainLoop()
        self.conn = dbus.bus.BusConnection(args.address)
        self.manager = Manager(self)
        self.unit_obj = Unit(self, self.unit_path)
        open(args.log, "a").close()
        self.save()

    def log(self, line):
        with open(self.args.log, "a") as f:
            f.write(line + "\n")

    def save(self):
        write_atomic(self.args.state, "ActiveState=%s\nUnitFileState=%s\n"
                     % (self.active, self.file_state))
        write_atomic(self.args.pidfile, "%d\n" % self.pid if self.pid else "")

    def check_unit(self, name):
        if name != self.unit:
            raise Error("org.freedesktop.systemd1.NoSuchUnit",
                        "Unit %s not loaded (only %s is here)."
                        % (name, self.unit))
        return dbus.ObjectPath(self.unit_path)

    def job(self, kind):
        if self.running is not None:
            raise Error("org.freedesktop.systemd1.TransactionIsDestructive",
                        "a job for %s is already running" % self.unit)
        job = Job(self, self.next_job, kind)
        self.next_job += 1
        self.running = job
        if kind == "stop":
            if self.active == "active":
                self.active, self.sub = "deactivating", "stop-sigterm"
                try:
                    os.kill(self.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        elif self.active != "active":
            self.active, self.sub = "activating", "start"
            self.start_holder()
        self.save()
        GLib.timeout_add(50, self.poll_job)
        return dbus.ObjectPath(job.path)

    def start_holder(self):
        cgroup = self.args.cgroup
        self.holder_out = "%s.%d" % (self.args.holder_out, self.next_job)

        def into_cgroup():
            with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
                f.write("0\n")

        with open(self.holder_out, "w") as out:
            p = subprocess.Popen(self.args.holder_cmd, stdout=out,
                                 stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL,
                                 preexec_fn=into_cgroup)
        self.pid = p.pid
        self.popen = p   # keeps Popen from reaping it behind our back

    def holder_ready(self):
        try:
            with open(self.holder_out) as f:
                return "ready" in f.read()
        except OSError:
            return False

    def poll_job(self):
        job = self.running
        # the job is not over before its caller has seen it running once:
        # the test then knows that preflight waits for jobs, whatever the
        # timing (systemd itself would not wait for anyone)
        if not job.seen:
            return True
        if job.kind == "stop":
            if self.active == "deactivating" and not process_gone(self.pid):
                return True
            if self.active == "deactivating":
                self.pid = 0
            self.active, self.sub = "inactive", "dead"
        else:
            if self.active == "activating":
                if process_gone(self.pid):
                    self.active, self.sub = "failed", "failed"
                elif not self.holder_ready():
                    return True
                else:
                    self.active, self.sub = "active", "running"
        self.save()
        self.running = None
        job.remove_from_connection()
        self.log("job %d %s done: %s" % (job.jid, job.kind, self.active))
        self.manager.JobRemoved(dbus.UInt32(job.jid),
                                dbus.ObjectPath(job.path), self.unit,
                                "done" if self.active != "failed"
                                else "failed")
        return False

    def run(self):
        # the name last: once it is owned, every object is there
        r = self.conn.request_name(BUS_NAME, dbus.bus.NAME_FLAG_DO_NOT_QUEUE)
        if r != dbus.bus.REQUEST_NAME_REPLY_PRIMARY_OWNER:
            sys.exit("pf-fake-systemd: %s is already owned" % BUS_NAME)
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM,
                             self.loop.quit)
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT,
                             self.loop.quit)
        print("ready", flush=True)
        self.loop.run()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--address", required=True)
    ap.add_argument("--unit", required=True)
    ap.add_argument("--holder-pid", type=int, required=True)
    ap.add_argument("--cgroup", required=True)
    ap.add_argument("--holder-out", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--state", required=True)
    ap.add_argument("--pidfile", required=True)
    ap.add_argument("--file-state", default="enabled")
    ap.add_argument("holder_cmd", nargs="+")
    args = ap.parse_args()
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    Fake(args).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())

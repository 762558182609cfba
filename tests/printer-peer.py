#!/usr/bin/env python3
"""printer-peer.py — CUPS's own ippeveprinter (and optionally a private cupsd queue in front of
it) on loopback, for the printer integration tests and the receipt benchmark.

Usage: printer-peer.py [--cupsd] WORKDIR

Starts a private D-Bus daemon (ippeveprinter refuses to run without a system bus for DNS-SD),
then ippeveprinter on a free port, keeping every job file (-k -d WORKDIR/spool) and finishing
jobs at once through a print command (-c) instead of "printing" for seconds. With --cupsd (root
only) also a cupsd whose every path lies in WORKDIR, with a queue "receipt" pointing at the
printer. Prints one line

  READY uri=ipp://localhost:PORT/ipp/print spool=DIR cups_server=SOCK|- queue=receipt|-

then reads commands, one per line, answering "OK" or "ERR <why>":

  fault KEYWORD   the next job fails and the print command reports "STATE: +KEYWORD" (the
                  CUPS filter protocol ippeveprinter reads), e.g. media-jam, cover-open
  clear           jobs print again; a job is sent that reports the faults cleared
                  ("STATE: -..."), as a printer does once the operator fixes it
  media-empty     set the main tray to 0 sheets (ippeveprinter's own media web form)
  media-ready     load 250 sheets again
  toner-low       set the black toner to 3 % (supplies web form): marker-supply-low class
  stop-queue      cupsdisable the cupsd queue; start-queue: cupsenable it
  set-default     make the cupsd queue the server's default destination
  kill-printer    stop ippeveprinter (the printer becomes unreachable)

Everything is stopped and WORKDIR removed when stdin closes, so a test that crashes
leaves nothing running.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

CLEARED = "media-jam,cover-open,media-empty,media-needed,paused"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(cond, what, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.02)
    raise RuntimeError("timed out waiting for " + what)


def can_connect(port):
    try:
        with socket.create_connection(("localhost", port), timeout=0.5):
            return True
    except OSError:
        return False


class Peer:
    def __init__(self, work, with_cupsd):
        self.work = os.path.abspath(work)
        self.procs = []
        self.with_cupsd = with_cupsd
        self.cups_sock = None
        self.ipp = None
        os.makedirs(self.work, exist_ok=True)
        # cupsd runs filters and backends as lp: it must be able to enter the directory.
        os.chmod(self.work, 0o755)
        for d in ("spool", "out"):
            os.makedirs(os.path.join(self.work, d), exist_ok=True)

    def start(self):
        bus = os.path.join(self.work, "bus")
        self.procs.append(subprocess.Popen(
            ["dbus-daemon", "--session", "--address=unix:path=" + bus, "--nofork",
             "--nopidfile"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for(lambda: os.path.exists(bus), "the D-Bus socket")

        cmd = os.path.join(self.work, "print-cmd")
        with open(cmd, "w") as f:
            f.write(f"""#!/bin/sh
# ippeveprinter print command: $1 is the job file. Reports state like a CUPS filter.
cp "$1" "{self.work}/out/" 2>/dev/null
if [ -f "{self.work}/clear" ]; then
  rm -f "{self.work}/clear"
  echo "STATE: -{CLEARED}" >&2
  exit 0
fi
if [ -f "{self.work}/fault" ]; then
  echo "STATE: +$(cat "{self.work}/fault")" >&2
  exit 1
fi
exit 0
""")
        os.chmod(cmd, 0o755)

        self.port = free_port()
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS="unix:path=" + bus)
        log = open(os.path.join(self.work, "ippeveprinter.log"), "w")
        self.ipp = subprocess.Popen(
            ["ippeveprinter", "-p", str(self.port), "-n", "localhost", "-r", "off", "-k",
             "-d", os.path.join(self.work, "spool"), "-c", cmd,
             "-f", "application/pdf,image/pwg-raster,text/plain", "Receipt"],
            env=env, stdout=log, stderr=log)
        self.procs.append(self.ipp)
        wait_for(lambda: can_connect(self.port) or self.ipp.poll() is not None,
                 "ippeveprinter")
        if self.ipp.poll() is not None:
            raise RuntimeError("ippeveprinter exited; see ippeveprinter.log")
        self.uri = f"ipp://localhost:{self.port}/ipp/print"

        if self.with_cupsd:
            self.start_cupsd()

    def start_cupsd(self):
        if os.geteuid() != 0:
            return  # cupsd drops privileges to lp and needs root to do so
        root = os.path.join(self.work, "cups")
        for d in ("spool", "cache", "state", "log", "tmp"):
            os.makedirs(os.path.join(root, d), exist_ok=True)
        os.chmod(root, 0o755)
        for d in ("spool", "cache", "tmp", "state", "log"):
            shutil.chown(os.path.join(root, d), user="lp")
        self.cups_sock = os.path.join(root, "cups.sock")
        with open(os.path.join(root, "cupsd.conf"), "w") as f:
            f.write(f"""Listen {self.cups_sock}
LogLevel info
Browsing Off
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
""")
        with open(os.path.join(root, "cups-files.conf"), "w") as f:
            f.write(f"""ServerRoot {root}
RequestRoot {root}/spool
TempDir {root}/tmp
CacheDir {root}/cache
StateDir {root}/state
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
Printcap {root}/printcap
User lp
Group lp
""")
        self.procs.append(subprocess.Popen(
            ["cupsd", "-f", "-c", os.path.join(root, "cupsd.conf"),
             "-s", os.path.join(root, "cups-files.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for(lambda: self.unix_connect(self.cups_sock), "cupsd")
        subprocess.run(["lpadmin", "-p", "receipt", "-E", "-v", self.uri, "-m", "everywhere"],
                       env=self.cups_env(), check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=30)

    @staticmethod
    def unix_connect(path):
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.connect(path)
                return True
        except OSError:
            return False

    def cups_env(self):
        return dict(os.environ, CUPS_SERVER=self.cups_sock)

    def web(self, path):
        with urllib.request.urlopen(f"http://localhost:{self.port}{path}", timeout=5) as r:
            r.read()

    def reasons(self):
        out = subprocess.run(["ipptool", "-tv", self.uri, "get-printer-attributes.test"],
                             capture_output=True, text=True, timeout=10).stdout
        for line in out.splitlines():
            if "printer-state-reasons" in line and "=" in line:
                return line.split("=", 1)[1].strip()
        return ""

    def command(self, line):
        words = line.split()
        if not words:
            return "ERR empty"
        op = words[0]
        if op == "fault" and len(words) == 2:
            with open(os.path.join(self.work, "fault"), "w") as f:
                f.write(words[1])
        elif op == "clear":
            for name in ("fault",):
                try:
                    os.unlink(os.path.join(self.work, name))
                except FileNotFoundError:
                    pass
            self.web("/media?size1=na_letter_8.5x11in&type1=stationery&level1=250"
                     "&size3=&type3=&level3=-2")
            open(os.path.join(self.work, "clear"), "w").close()
            txt = os.path.join(self.work, "clear.txt")
            with open(txt, "w") as f:
                f.write("clear\n")
            subprocess.run(["ipptool", "-q", "-f", txt, self.uri, "print-job.test"],
                           timeout=10)
            wait_for(lambda: not any(k in self.reasons() for k in CLEARED.split(",")),
                     "the printer to report the faults cleared")
        elif op == "media-empty":
            self.web("/media?size1=na_letter_8.5x11in&type1=stationery&level1=0"
                     "&size3=&type3=&level3=-2")
        elif op == "media-ready":
            self.web("/media?size1=na_letter_8.5x11in&type1=stationery&level1=250"
                     "&size3=&type3=&level3=-2")
        elif op == "toner-low":
            self.web("/supplies?supply0=25&supply1=3")
        elif op in ("stop-queue", "start-queue"):
            if self.cups_sock is None:
                return "ERR no cupsd"
            tool = "cupsdisable" if op == "stop-queue" else "cupsenable"
            subprocess.run([tool, "receipt"], env=self.cups_env(), check=True, timeout=10)
        elif op == "set-default":
            if self.cups_sock is None:
                return "ERR no cupsd"
            subprocess.run(["lpadmin", "-d", "receipt"], env=self.cups_env(), check=True,
                           timeout=10, stdout=subprocess.DEVNULL)
        elif op == "kill-printer":
            self.ipp.terminate()
            self.ipp.wait(timeout=10)
        else:
            return "ERR unknown command"
        return "OK"

    def stop(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in reversed(self.procs):
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for name in os.listdir(self.work):
            path = os.path.join(self.work, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    pass
        try:
            os.rmdir(self.work)
        except OSError:
            pass


def main():
    # A SIGTERM (meson's timeout, a killed test) must still run the clean-up below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    args = sys.argv[1:]
    with_cupsd = "--cupsd" in args
    args = [a for a in args if a != "--cupsd"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    peer = Peer(args[0], with_cupsd)
    try:
        peer.start()
        print(f"READY uri={peer.uri} spool={os.path.join(peer.work, 'spool')} "
              f"cups_server={peer.cups_sock or '-'} queue={'receipt' if peer.cups_sock else '-'}",
              flush=True)
        for line in sys.stdin:
            try:
                answer = peer.command(line.strip())
            except Exception as e:  # report, keep serving: the test decides what it means
                answer = "ERR " + str(e).replace("\n", " ")
            print(answer, flush=True)
    except Exception as e:
        print("FAILED " + str(e).replace("\n", " "), flush=True)
        return 1
    finally:
        peer.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

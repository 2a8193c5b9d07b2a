#!/usr/bin/env python3
"""engine_audit: hold the lab's ssh log against the engine's journal.

    engine_audit.py JOURNAL.sqlite SSH-COMMANDS.LOG [SINCE-EPOCH]

Checks, printing one line per violation (exit 1 if any, else 0):
  1. every command in the lab's ssh log (after SINCE) was announced by a
     START record for that host and that exact command, written before
     it ran, one START per run;
  2. every START has a confirmation (CONFIRM) of its step covering its
     host before it, and an action never ran twice on one confirmation:
     between two STARTs of the same step, host and command there is a
     new CONFIRM;
  3. every sftp session on a host follows a confirmed action there that
     works through sftp: an ini-comment, or a review's fetch or stage.
The audit reads the journal only through sqlite3, read-only.
"""
import sqlite3
import sys

SFTP = ("internal-sftp", "/usr/lib/openssh/sftp-server")
SFTP_ACTIONS = ("ini-comment", "review-fetch", "review-stage")


def records(path):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    rows = db.execute("SELECT seq, time, kind, step, host, what, text "
                      "FROM records ORDER BY seq").fetchall()
    db.close()
    return rows


def ssh_log(path, since):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 2)
            if len(parts) != 3:
                continue
            t = float(parts[0])
            if t >= since:
                out.append((t, parts[1], parts[2]))
    return out


def covers(confirm, step, host, gate):
    """A CONFIRM record covers a START of step on host."""
    _, _, _, cstep, chosts, _, _ = confirm
    if cstep != step:
        return False
    return gate or host in (chosts or "").split()


def check_confirmations(rows, fails):
    confirms = [r for r in rows if r[2] == "confirm"]
    last_start = {}
    for r in rows:
        seq, t, kind, step, host, what, text = r
        if kind != "start" or host is None:
            continue
        gate = what == "gate"
        before = [c for c in confirms if c[0] < seq and
                  covers(c, step, host, gate)]
        if not before:
            fails.append("START %d (%s on %s: %s) has no confirmation "
                         "before it" % (seq, step, host, text))
            continue
        key = (step, host, what, text)
        prev = last_start.get(key)
        if prev is not None and before[-1][0] < prev:
            fails.append("START %d (%s on %s: %s) repeats START %d on the "
                         "same confirmation %d" %
                         (seq, step, host, text, prev, before[-1][0]))
        last_start[key] = seq


def check_ssh_log(rows, log, fails):
    starts = [r for r in rows if r[2] == "start" and r[4] is not None]
    used = set()
    for t, host, command in log:
        if command in SFTP:
            ok = any(r[4] == host and r[5] in SFTP_ACTIONS and r[1] <= t
                     for r in starts)
            if not ok:
                fails.append("%.3f %s: an sftp session no confirmed "
                             "ini-comment or review announced" % (t, host))
            continue
        match = None
        for r in starts:
            # The lab's wrapper logs a newline as the two bytes "\n".
            sent = (r[6] or "").replace("\n", "\\n")
            if r[0] in used or r[4] != host or sent != command:
                continue
            if r[1] <= t:
                match = r
                break
        if match is None:
            fails.append("%.3f %s: ran without a START before it: %s" %
                         (t, host, command))
            continue
        used.add(match[0])


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    since = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    rows = records(sys.argv[1])
    log = ssh_log(sys.argv[2], since)
    fails = []
    check_confirmations(rows, fails)
    check_ssh_log(rows, log, fails)
    for f in fails:
        print("audit: " + f)
    print("audit: %d commands in the ssh log, %d journal records, %d "
          "violations" % (len(log), len(rows), len(fails)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

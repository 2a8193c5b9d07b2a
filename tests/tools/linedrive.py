#!/usr/bin/env python3
"""linedrive: answer `openstack-upgrade run --line` through a pseudo-terminal.

    linedrive.py [options] -- openstack-upgrade run --line ...

The program sees a real terminal (it refuses anything else) and every
answer is typed into it, as an operator would.  The answers follow a
policy given by the options; the transcript goes to --log.  Exit status:
the program's, or 124 when --timeout passed, or 137 after --kill-at.

Options:
  --log FILE            write everything the program printed (default: none)
  --batch N             the answer to the batch size question ('' = default)
  --migration MODES     live, cold or none (default none); a comma-separated
                        list answers each migration question in turn, the
                        last one repeated
  --on-failed ACTION    quit (default), retry, skip
  --on-gate ACTION      quit (default), retry, skip, override
  --max-confirms N      answer q at the confirmation after N of them
  --kill-at N           SIGKILL the program once its journal (--journal)
                        holds at least N records
  --journal FILE        the journal.sqlite to watch for --kill-at
  --kill-on REGEX       SIGKILL the program once its output matches REGEX
  --timeout S           give up after S seconds (default 1800)
  --hook REGEX=COMMAND  before answering y to a confirmation whose text
                        matches REGEX, run the shell COMMAND (once)
  --review ANSWER       the answer to each group of a .rpmnew review
                        ('' = its default: the runbook's prefer); the
                        apply plan is then answered y
  --script REGEX=TEXT   before the policy above: type TEXT at the question
                        the output ends with when REGEX matches it (the
                        last 600 characters); each once, in the order
                        given.  --log notes these answers by their number,
                        never their text, so that what is typed at a
                        prompt with the echo off stays out of it
"""
import argparse
import os
import pty
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time


def parse():
    p = argparse.ArgumentParser(add_help=True)
    p.add_argument("--log")
    p.add_argument("--batch", default="")
    p.add_argument("--migration", default="none")
    p.add_argument("--on-failed", default="quit",
                   choices=["quit", "retry", "skip"])
    p.add_argument("--on-gate", default="quit",
                   choices=["quit", "retry", "skip", "override"])
    p.add_argument("--max-confirms", type=int, default=-1)
    p.add_argument("--kill-at", type=int, default=-1)
    p.add_argument("--journal")
    p.add_argument("--kill-on")
    p.add_argument("--timeout", type=float, default=1800)
    p.add_argument("--hook", action="append", default=[])
    p.add_argument("--review", default="")
    p.add_argument("--script", action="append", default=[])
    p.add_argument("argv", nargs=argparse.REMAINDER)
    a = p.parse_args()
    if a.argv and a.argv[0] == "--":
        a.argv = a.argv[1:]
    if not a.argv:
        p.error("no command")
    return a


def journal_count(path):
    """Records in the journal, read-only; -1 while it cannot be read."""
    try:
        db = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=0.2)
        try:
            return db.execute("SELECT count(*) FROM records").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return -1


MIGRATION = {"live": "l", "cold": "c", "none": "o"}


class Driver:
    def __init__(self, args):
        self.a = args
        self.buf = ""       # output not yet answered
        self.confirms = 0
        self.migrations = args.migration.split(",")
        for m in self.migrations:
            if m not in MIGRATION:
                raise SystemExit("linedrive: --migration: %s?" % m)
        self.log = open(args.log, "w") if args.log else None
        self.seen = ""      # all the output, for --kill-on
        self.hooks = []
        self.script = []
        for n, s in enumerate(args.script, 1):
            regex, text = s.split("=", 1)
            self.script.append((n, re.compile(regex, re.S), text))
        for h in args.hook:
            regex, command = h.split("=", 1)
            self.hooks.append([re.compile(regex, re.S), command, False])

    def run_hooks(self):
        for hook in self.hooks:
            if not hook[2] and hook[0].search(self.buf):
                hook[2] = True
                subprocess.run(hook[1], shell=True, check=False)
                if self.log:
                    self.log.write("<<hook: %s>>\n" % hook[1])

    def answer(self, fd, text, shown=None):
        if self.log:
            self.log.write("<<answer: %s>>\n" %
                           (shown if shown is not None else repr(text)))
            self.log.flush()
        os.write(fd, (text + "\n").encode())
        self.buf = ""

    def respond(self, fd):
        """Answer the question at the end of the output, if there is one."""
        b = self.buf
        tail = b[-600:]
        if not tail.endswith(": "):
            return
        if self.script and self.script[0][1].search(tail):
            n, _, text = self.script.pop(0)
            self.answer(fd, text, "--script %d" % n)
        elif "Run it? [y]es" in tail:
            self.confirms += 1
            if 0 <= self.a.max_confirms < self.confirms:
                self.answer(fd, "q")
            else:
                self.run_hooks()
                self.answer(fd, "y")
        elif re.search(r", group \d+ of \d+ \[[^]]*\]: $", tail):
            self.answer(fd, self.a.review)
        elif "Apply? [y]es" in tail:
            self.answer(fd, "y")
        elif "Accept this key? [y]es" in tail:
            self.answer(fd, "y")
        elif re.search(r"Batch size, 1 to \d+ \[\d+\]: $", tail):
            self.answer(fd, self.a.batch)
        elif "[l]ive, [c]old, n[o]ne" in tail:
            mode = self.migrations[0]
            if len(self.migrations) > 1:
                self.migrations.pop(0)
            self.answer(fd, MIGRATION[mode])
        elif "[o]verride the gate" in tail:
            self.answer(fd, self.a.on_gate[0])
        elif "[r]etry, [s]kip" in tail:
            self.answer(fd, self.a.on_failed[0])
        elif "Why skip it" in tail:
            self.answer(fd, "skipped by the test driver")
        elif "Why is it safe to go on" in tail:
            self.answer(fd, "overridden by the test driver")
        elif "[p]robe first" in tail:
            self.answer(fd, "p")
        elif "[r]e-run, mark [d]one" in tail:
            # After the probe: exit 0 means the step took effect.  The
            # question is about one host: read its own evidence, the
            # block under "  HOST:" when several hosts are shown.
            m = re.search(r"[Ff]or (\S+): \[r\]e-run", tail)
            block = b
            if m:
                start = b.rfind("\n  %s: " % m.group(1))
                if start >= 0:
                    nxt = re.search(r"\n  \S+: |\n\n", b[start + 1:])
                    block = b[start:start + 1 + nxt.start()] if nxt \
                        else b[start:]
            took = block.rfind("the step took effect")
            did_not = block.rfind("the step did not take effect")
            self.answer(fd, "d" if took > did_not else "r")

    def run(self):
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp(self.a.argv[0], self.a.argv)
        deadline = time.time() + self.a.timeout
        status = None
        while status is None:
            if time.time() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return 124
            if self.a.kill_at >= 0 and self.a.journal and \
                    journal_count(self.a.journal) >= self.a.kill_at:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                if self.log:
                    self.log.write("<<killed at %d records>>\n" %
                                   self.a.kill_at)
                return 137
            r, _, _ = select.select([fd], [], [], 0.02)
            if r:
                try:
                    data = os.read(fd, 65536).decode("utf-8", "replace")
                except OSError:
                    data = ""
                if data:
                    self.buf += data
                    self.seen += data
                    if self.log:
                        self.log.write(data)
                        self.log.flush()
                    self.respond(fd)
            if self.a.kill_on and re.search(self.a.kill_on, self.seen):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                if self.log:
                    self.log.write("<<killed on %r>>\n" % self.a.kill_on)
                return 137
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = st
        try:
            while True:
                data = os.read(fd, 65536).decode("utf-8", "replace")
                if not data:
                    break
                if self.log:
                    self.log.write(data)
        except OSError:
            pass
        return os.waitstatus_to_exitcode(status) if status is not None else 1


def main():
    sys.exit(Driver(parse()).run())


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A tiny HTTP/1.1 server for the Keystone and Nova client tests.

It replays a script of canned responses, in order, and records every
request it receives, so a test can assert what the client sent.

    responder.py SCRIPT.json LOG.jsonl DATADIR

SCRIPT is {"rewrite": bool, "replies": [REPLY, ...]}; a REPLY has
  method, path      what the request must be (path includes the query);
                    a request that does not match gets a 500 naming both
  status            the status to answer
  headers           "Name: value" lines, newline-separated
  body / body_file  the body, inline or a file under DATADIR
  delay_ms          wait this long before answering (to provoke timeouts)
With "tls": {"cert": PEM, "key": PEM} it speaks HTTPS.
With "rewrite", every "http://127.0.0.1:<port>" in a body becomes this
server's own base URL, so recorded catalogs point back here.

LOG gets one JSON object per request (method, path, headers with
lower-case names, body, peer_port), written before the answer is sent.
The port is printed as "PORT <n>" on stdout once listening.  The server
exits when its stdin reaches end of file, so it never outlives the test.
"""
import http.server
import json
import os
import re
import ssl
import sys
import threading
import time


class Script:
    def __init__(self, path, log_path, datadir):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        self.replies = doc.get("replies", [])
        self.rewrite = doc.get("rewrite", False)
        self.tls = doc.get("tls")
        self.log_path = log_path
        self.datadir = datadir
        self.next = 0
        self.lock = threading.Lock()
        self.base = None

    def take(self):
        with self.lock:
            if self.next >= len(self.replies):
                return None
            reply = self.replies[self.next]
            self.next += 1
            return reply

    def record(self, entry):
        with self.lock:
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")

    def body_of(self, reply):
        if "body_file" in reply:
            with open(os.path.join(self.datadir, reply["body_file"]),
                      encoding="utf-8") as f:
                body = f.read()
        else:
            body = reply.get("body", "")
        if self.rewrite:
            body = re.sub(r"http://127\.0\.0\.1:[0-9]+", self.base, body)
        return body.encode("utf-8")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def handle_any(self):
        script = self.server.script
        length = int(self.headers.get("Content-Length", "0") or "0")
        body = self.rfile.read(length).decode("utf-8", "replace")
        script.record({
            "method": self.command,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body,
            "peer_port": self.client_address[1],
        })
        reply = script.take()
        if reply is None:
            self.answer(500, [], b'{"responder": "no reply left"}')
            return
        want = (reply.get("method", self.command), reply.get("path", self.path))
        if want != (self.command, self.path):
            msg = "expected %s %s, got %s %s" % (want + (self.command, self.path))
            self.answer(500, [], json.dumps({"responder": msg}).encode())
            return
        time.sleep(reply.get("delay_ms", 0) / 1000.0)
        headers = [line.split(":", 1) for line in
                   reply.get("headers", "").splitlines() if ":" in line]
        self.answer(reply.get("status", 200), headers, script.body_of(reply))

    def answer(self, status, headers, body):
        self.send_response(status)
        names = {name.strip().lower() for name, _ in headers}
        if "content-type" not in names:
            self.send_header("Content-Type", "application/json")
        for name, value in headers:
            self.send_header(name.strip(), value.strip())
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = handle_any


def exit_on_stdin_eof():
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


def main():
    script = Script(sys.argv[1], sys.argv[2], sys.argv[3])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.script = script
    port = server.server_address[1]
    scheme = "http"
    if script.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(script.tls["cert"], script.tls["key"])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    script.base = "%s://127.0.0.1:%d" % (scheme, port)
    threading.Thread(target=exit_on_stdin_eof, daemon=True).start()
    print("PORT %d" % port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

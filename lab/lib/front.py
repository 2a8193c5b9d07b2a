#!/usr/bin/python3
"""front: a lab host's own listener for a service of the lab's Nova plane.

The real Keystone, Glance, Neutron and Nova APIs of the lab listen on
127.0.0.1; a check run on the controller asks its own address
(http://127.0.0.11:5000/...).  A front listens on that address and relays
each connection to 127.0.0.1 unchanged.  It runs only while the stand-in
unit behind it runs (systemctl starts and stops it with the unit), so a
stopped service refuses connections on the host's address as a real one
would.  Two modes answer a request themselves, for what Juno served and the
lab's Zed plane does not:

  keystone-v2  GET/HEAD /v2.0 or /v2.0/: Juno Keystone's v2.0 version
               document (Zed dropped Identity v2.0); every other request
               is relayed.
  swift-info   GET /info (the proxy's capabilities, with the Swift version
               of the code the unit started with) and /healthcheck; the
               lab runs no Swift, so anything else is 401, as a proxy
               answers an unauthenticated request.

Usage: front.py --address ADDR --ports PORT[=BACKEND],... --mode MODE
                [--version V]
Exits when a port cannot be bound; SIGTERM stops it.
"""

import argparse
import asyncio
import json
import signal
import socket
import sys

BACKEND_HOST = "127.0.0.1"
HEAD_LIMIT = 16384  # bytes of request head read before giving up
HEAD_TIMEOUT = 10  # seconds


def keystone_v2(address, port):
    base = "http://%s:%d/v2.0/" % (address, port)
    return {
        "version": {
            "status": "stable",
            "updated": "2014-04-17T00:00:00Z",
            "media-types": [
                {"base": "application/json",
                 "type": "application/vnd.openstack.identity-v2.0+json"},
                {"base": "application/xml",
                 "type": "application/vnd.openstack.identity-v2.0+xml"},
            ],
            "id": "v2.0",
            "links": [
                {"href": base, "rel": "self"},
                {"href": "http://docs.openstack.org/", "type": "text/html",
                 "rel": "describedby"},
            ],
        }
    }


def swift_info(version):
    return {
        "swift": {
            "version": version,
            "max_file_size": 5368709122,
            "max_meta_name_length": 128,
            "max_meta_value_length": 256,
            "max_meta_count": 90,
            "max_meta_overall_size": 4096,
            "max_header_size": 8192,
            "max_object_name_length": 1024,
            "max_account_name_length": 256,
            "max_container_name_length": 256,
            "container_listing_limit": 10000,
            "account_listing_limit": 10000,
            "extra_header_count": 0,
            "strict_cors_mode": True,
            "policies": [{"default": True, "name": "Policy-0"}],
        },
        "tempurl": {"methods": ["GET", "HEAD", "PUT"]},
        "slo": {"max_manifest_segments": 1000,
                "max_manifest_size": 2097152, "min_segment_size": 1048576},
        "bulk_delete": {"max_failed_deletes": 1000,
                        "max_deletes_per_request": 10000},
        "bulk_upload": {"max_failed_extractions": 1000,
                        "max_containers_per_extraction": 10000},
        "account_quotas": {},
        "container_quotas": {},
        "staticweb": {},
    }


def reply(writer, status, body, ctype="application/json", head_only=False):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    lines = [
        "HTTP/1.1 %s" % status,
        "Content-Type: %s" % ctype,
        "Content-Length: %d" % len(data),
        "Connection: close",
        "", "",
    ]
    writer.write("\r\n".join(lines).encode() + (b"" if head_only else data))


async def read_head(reader):
    """The request head (request line and headers), or None."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"),
                                      HEAD_TIMEOUT)
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError,
            asyncio.TimeoutError, ConnectionError):
        return None
    return head


async def pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        try:
            if writer.can_write_eof():
                writer.write_eof()
        except (ConnectionError, OSError, RuntimeError):
            pass


def abort(writer):
    sock = writer.get_extra_info("socket")
    if sock is not None:
        # close with RST: the client sees the backend's refusal at once
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                        b"\x01\x00\x00\x00\x00\x00\x00\x00")
    writer.close()


class Front:
    def __init__(self, args):
        self.address = args.address
        self.mode = args.mode
        self.version = args.version

    def answer(self, head, port, writer):
        """Answer HEAD's request here if the mode says so; True if done."""
        try:
            method, target = head.split(b"\r\n", 1)[0].decode().split()[:2]
        except ValueError:
            return False
        path = target.split("?", 1)[0]
        head_only = method == "HEAD"
        if self.mode == "keystone-v2":
            if method in ("GET", "HEAD") and path in ("/v2.0", "/v2.0/"):
                reply(writer, "200 OK", keystone_v2(self.address, port),
                      head_only=head_only)
                return True
            return False
        if self.mode == "swift-info":
            if method in ("GET", "HEAD") and path == "/info":
                reply(writer, "200 OK", swift_info(self.version),
                      head_only=head_only)
            elif method in ("GET", "HEAD") and path == "/healthcheck":
                reply(writer, "200 OK", b"OK", "text/plain",
                      head_only=head_only)
            else:
                reply(writer, "401 Unauthorized",
                      b"<html><h1>Unauthorized</h1>"
                      b"<p>This server could not verify that you are "
                      b"authorized to access the document you requested."
                      b"</p></html>", "text/html", head_only=head_only)
            return True
        return False

    async def handle(self, reader, writer, port, backend):
        head = b""
        try:
            if self.mode != "pipe":
                head = await read_head(reader)
                if head is None:
                    writer.close()
                    return
                if self.answer(head, port, writer):
                    await writer.drain()
                    writer.close()
                    return
            if backend is None:
                writer.close()
                return
            try:
                breader, bwriter = await asyncio.open_connection(
                    BACKEND_HOST, backend)
            except OSError:
                abort(writer)
                return
            if head:
                bwriter.write(head)
            await asyncio.gather(pipe(reader, bwriter), pipe(breader, writer))
            bwriter.close()
            writer.close()
        except (ConnectionError, OSError):
            writer.close()


async def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--address", required=True)
    parser.add_argument("--ports", required=True)
    parser.add_argument("--mode", default="pipe",
                        choices=("pipe", "keystone-v2", "swift-info"))
    parser.add_argument("--version", default="2.2.0")
    args = parser.parse_args(argv)
    front = Front(args)
    servers = []
    for item in args.ports.split(","):
        port, _, back = item.partition("=")
        port = int(port)
        backend = None if args.mode == "swift-info" else int(back or port)

        def handler(r, w, port=port, backend=backend):
            return front.handle(r, w, port, backend)

        servers.append(await asyncio.start_server(
            handler, args.address, port, reuse_address=True,
            limit=HEAD_LIMIT))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for server in servers:
        server.close()


if __name__ == "__main__":
    try:
        asyncio.run(main(sys.argv[1:]))
    except OSError as exc:
        print("front: %s" % exc, file=sys.stderr)
        sys.exit(1)

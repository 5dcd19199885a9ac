import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Receiver:
    """A real HTTP server on 127.0.0.1 that records each POST and answers with the next of `statuses` (the last
    one repeats)."""

    def __init__(self, host="127.0.0.1"):
        self.requests: list[dict] = []
        self.statuses = [200]
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                index = min(len(receiver.requests) - 1, len(receiver.statuses) - 1)
                self.send_response(receiver.statuses[index])
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        server_class = ThreadingHTTPServer
        if ":" in host:
            server_class = type("IPv6Server", (ThreadingHTTPServer,), {"address_family": socket.AF_INET6})
        self.server = server_class((host, 0), Handler)
        self.url = f"http://{f'[{host}]' if ':' in host else host}:{self.server.server_port}/hooks/policyhub?via=test"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()

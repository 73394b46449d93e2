"""The production stack on loopback: nginx (TLS and the front cache, from deploy/nginx/rus.conf),
several gunicorn app servers and the task worker against one PostgreSQL.

`make stack` runs it with a throw-away PostgreSQL (scripts/with-postgres), the reference data
and the demo, and prints where to log in. Tests and benchmarks start the same stack with
`Stack(env)` against their own database.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def render(template: str, values: dict[str, str]) -> str:
    """Fill each @@NAME@@ outside comments (the comments name the placeholders)."""
    lines = []
    for line in template.splitlines():
        if not line.lstrip().startswith("#"):
            for name, value in values.items():
                line = line.replace(f"@@{name}@@", value)
            if "@@" in line:
                raise ValueError(f"a placeholder was left unfilled: {line.strip()}")
        lines.append(line)
    return "\n".join(lines) + "\n"


class Stack:
    """nginx in front of ``app_servers`` gunicorns (and, with ``worker``, the task worker),
    all with ``env`` (DATABASE_URL and the rest); stopped on exit."""

    def __init__(
        self,
        env: dict[str, str],
        *,
        app_servers: int = 2,
        workers_per_server: int = 2,
        worker: bool = False,
        port: int | None = None,
        folder: Path | None = None,
        quiet: bool = True,
    ) -> None:
        self.folder = folder or Path(tempfile.mkdtemp(prefix="rus-stack-"))
        self._own_folder = folder is None
        self.port = port or free_port()
        self.http_port = free_port()
        self.app_ports = [free_port() for _ in range(app_servers)]
        self.workers_per_server = workers_per_server
        self.with_worker = worker
        self.quiet = quiet
        self.origin = f"https://127.0.0.1:{self.port}"
        self.env = {
            **env,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": self.origin,
            "SITE_URL": self.origin,
            "RUS_TRUSTED_PROXIES": "1",
            "SECURE_PROXY_SSL_HEADER": "1",
            "DEBUG": "0",
        }
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.certificate = self.folder / "tls.crt"

    # -- starting and stopping -------------------------------------------------------------

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def _output(self) -> dict[str, Any]:
        return {"stdout": subprocess.DEVNULL} if self.quiet else {}

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # nginx's workers run as nobody when nginx is started as root.
        self.folder.chmod(0o755)
        self._certificate()
        for number, port in enumerate(self.app_ports):
            self.start_app_server(number, port)
        if self.with_worker:
            self.start_worker()
        self._nginx()
        self.wait_until_ready()

    def start_app_server(self, number: int, port: int) -> None:
        self.processes[f"app{number}"] = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "rus.wsgi",
                "-c",
                str(DEPLOY / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.workers_per_server),
            ],
            cwd=ROOT,
            env=self.env,
            **self._output(),
        )

    def start_worker(self) -> None:
        self.processes["worker"] = subprocess.Popen(
            [PYTHON, "manage.py", "worker", "--interval", "1", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            **self._output(),
        )

    def _certificate(self) -> None:
        key = self.folder / "tls.key"
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "7",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                str(key),
                "-out",
                str(self.certificate),
            ],
            check=True,
            capture_output=True,
        )

    def _nginx(self) -> None:
        static_root = self.env.get("STATIC_ROOT", str(ROOT / "staticfiles"))
        site = render(
            (DEPLOY / "nginx" / "rus.conf").read_text(),
            {
                "SERVER_NAME": "127.0.0.1 localhost",
                "HTTPS_LISTEN": f"127.0.0.1:{self.port}",
                "HTTP_LISTEN": f"127.0.0.1:{self.http_port}",
                "HTTPS_ORIGIN": self.origin,
                "CERTIFICATE": str(self.certificate),
                "CERTIFICATE_KEY": str(self.folder / "tls.key"),
                "STATIC_ROOT": static_root,
                "CACHE_DIR": str(self.folder / "cache"),
                "DEPLOY_DIR": str(DEPLOY),
                "UPSTREAMS": " ".join(f"server 127.0.0.1:{p};" for p in self.app_ports),
            },
        )
        (self.folder / "rus.conf").write_text(site)
        # What Debian's /etc/nginx/nginx.conf gives a site, with paths inside the folder.
        main = (
            f"worker_processes {os.cpu_count() or 1};\n"
            f"pid {self.folder}/nginx.pid;\n"
            f"error_log {self.folder}/error.log warn;\n"
            "events { worker_connections 4096; }\n"
            "http {\n"
            "  include /etc/nginx/mime.types;\n"
            "  default_type application/octet-stream;\n"
            "  sendfile on;\n"
            "  access_log off;\n"
            f"  client_body_temp_path {self.folder}/body;\n"
            f"  proxy_temp_path {self.folder}/proxy;\n"
            f"  fastcgi_temp_path {self.folder}/fastcgi;\n"
            f"  uwsgi_temp_path {self.folder}/uwsgi;\n"
            f"  scgi_temp_path {self.folder}/scgi;\n"
            f"  include {self.folder}/rus.conf;\n"
            "}\n"
        )
        (self.folder / "nginx.conf").write_text(main)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        check = subprocess.run(
            [nginx, "-t", "-q", "-c", str(self.folder / "nginx.conf"), "-p", str(self.folder)],
            capture_output=True,
            text=True,
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx refused the configuration:\n{check.stderr}")
        self.processes["nginx"] = subprocess.Popen(
            [
                nginx,
                "-c",
                str(self.folder / "nginx.conf"),
                "-p",
                str(self.folder),
                "-g",
                "daemon off;",
            ],
            **self._output(),
        )

    def wait_until_ready(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        for port in self.app_ports:
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                        break
                except (OSError, urllib.error.HTTPError):
                    for name, process in self.processes.items():
                        if process.poll() is not None:
                            raise RuntimeError(f"{name} stopped while the stack started") from None
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        while True:
            try:
                self.get("/healthz")
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    # -- talking to it ---------------------------------------------------------------------

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.certificate))

    def url(self, path: str) -> str:
        return self.origin + path

    def get(self, path: str, headers: dict[str, str] | None = None) -> Any:
        request = urllib.request.Request(self.url(path), headers=headers or {})
        return urllib.request.urlopen(request, context=self.ssl_context(), timeout=60)


class Browser:
    """One reader of the stack with cookies of its own, over HTTPS; what tests and the load
    benchmark use to be an anonymous visitor or a signed-in user."""

    def __init__(self, stack: Stack, timeout: float = 60) -> None:
        self.stack = stack
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=stack.ssl_context()),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        )

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, Any, str]:
        """GET (or POST ``form``) and follow redirects: status, text, headers, final URL."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        return self._send(path, data, {})

    def _send(
        self, path: str, data: bytes | None, headers: dict[str, str]
    ) -> tuple[int, str, Any, str]:
        # Django checks the Referer of a form sent over HTTPS.
        request = urllib.request.Request(
            self.stack.url(path),
            data=data,
            headers={"Referer": self.stack.url(path), **headers},
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read().decode(), response.headers, response.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers, error.url

    def get(self, path: str) -> tuple[int, str, Any]:
        status, text, headers, _url = self.request(path)
        return status, text, headers

    def post(self, path: str, form: dict[str, str]) -> tuple[int, str, Any, str]:
        """POST a form with the CSRF token of the page at ``path``."""
        _status, page, _headers, _url = self.request(path)
        return self.request(path, {**form, "csrfmiddlewaretoken": csrf_token(page)})

    def post_file(
        self, path: str, fields: dict[str, str], name: str, filename: str, data: bytes
    ) -> tuple[int, str, Any, str]:
        """POST a multipart form with one file, with the CSRF token of the page at ``path``."""
        _status, page, _headers, _url = self.request(path)
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            for key, value in {**fields, "csrfmiddlewaretoken": csrf_token(page)}.items()
        ]
        body = (
            "".join(parts).encode()
            + (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self._send(path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def log_in(self, username: str, password: str) -> None:
        _status, _text, _headers, url = self.post(
            "/logga-in/", {"username": username, "password": password}
        )
        if not url.endswith("/mina-uppgifter/"):
            raise RuntimeError(f"{username} could not log in (ended at {url})")


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("STACK_PORT", 8443)))
    parser.add_argument("--app-servers", type=int, default=2)
    parser.add_argument("--workers-per-server", type=int, default=2)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run through scripts/with-postgres (make stack does).")
    folder = ROOT / "var" / "stack"
    stack = Stack(
        {
            **os.environ,
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "RUS_VAR_DIR": str(folder),
            "CACHE_BACKEND": "database",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(folder / "mail"),
            "LOG_FORMAT": "json",
        },
        app_servers=args.app_servers,
        workers_per_server=args.workers_per_server,
        worker=True,
        port=args.port,
        quiet=False,
    )
    # Static files go into the stack's own folder, which nginx's workers can read.
    env = stack.env
    env["STATIC_ROOT"] = str(stack.folder / "static")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_data")
    # The demo refuses to create its users on a production setting; this database is a
    # throw-away one on loopback.
    manage({**env, "DEBUG": "1"}, "load_demo")
    stopping = False

    def on_signal(number: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with stack:
        print(
            f"rus on {stack.origin}/ (nginx with TLS — a self-signed certificate, "
            f"{stack.certificate} — and the front cache; {args.app_servers} gunicorn app "
            f"servers, the task worker, PostgreSQL). Mail is written to {folder}/mail/. "
            "Ctrl-C stops it.",
            flush=True,
        )
        while not stopping and all(p.poll() is None for p in stack.processes.values()):
            time.sleep(0.5)
    sys.exit(0)


if __name__ == "__main__":
    main()

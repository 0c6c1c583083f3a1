"""Real servers the slow tests start themselves, on free ports, and always stop: a Milvus
standalone server from the `milvus` package, and a two-node Ray cluster on this machine.

Everything started here runs in its own process group, so a stop (or a test that fails half way)
ends all of it, children included; nothing is left for the next test or for CI."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import re
import threading
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kill_group(proc: subprocess.Popen | None, sig: int = signal.SIGKILL) -> None:
    """Send ``sig`` to the process group ``proc`` leads and reap it."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


class MilvusServer:
    """A real Milvus standalone (the `milvus` package's own binary) with its data in ``base``.

    ``kill()`` is kill -9 of the server process; ``restart()`` runs it again on the same config,
    ports and data (the package's own start would pick new ports, and an index's pointer names
    the port)."""

    def __init__(self, base: Path) -> None:
        self.base = Path(base)
        self.port = self.metrics_port = 0
        self.proc: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "MilvusServer":
        """The package's config (free ports for every service, data under ``base``) and binary,
        plus what it leaves fixed: the embedded etcd's client and peer ports (2379, 2380), so that
        two servers (two test runs) can run on one machine."""
        import milvus

        packaged = milvus.MilvusServer(wait_for_started=False)
        packaged.set_base_dir(str(self.base))
        packaged.config.resolve()  # writes configs/milvus.yaml
        milvus._initialize_data_files(str(self.base))  # unpacks bin/milvus and its libraries
        self.port = int(packaged.config.get("proxy_port"))
        self.metrics_port = free_port()
        client, peer = free_port(), free_port()
        etcd = self.base / "configs" / "embed-etcd.yaml"
        etcd.write_text(f"name: rag-test\nlisten-client-urls: http://127.0.0.1:{client}\n"
                        f"advertise-client-urls: http://127.0.0.1:{client}\n"
                        f"listen-peer-urls: http://127.0.0.1:{peer}\n"
                        f"initial-advertise-peer-urls: http://127.0.0.1:{peer}\n"
                        f"initial-cluster: rag-test=http://127.0.0.1:{peer}\n")
        yaml = self.base / "configs" / "milvus.yaml"
        text = yaml.read_text()
        assert "\n  use:\n    embed: true" in text, "the package's config changed: see tests/servers.py"
        yaml.write_text(text.replace("\n  use:\n    embed: true",
                                     f"\n  config:\n    path: {etcd}\n  use:\n    embed: true", 1))
        self.restart()
        return self

    def _env(self) -> dict[str, str]:
        env = dict(os.environ, DEPLOY_MODE="STANDALONE", METRICS_PORT=str(self.metrics_port),
                   MILVUS_RUN_DIR=str(self.base / "run"))
        env["LD_LIBRARY_PATH"] = f"{self.base / 'bin'}:{os.environ.get('LD_LIBRARY_PATH', '')}"
        return env

    def restart(self) -> None:
        """Run the server (again: same config, ports and data) in its own process group."""
        assert self.proc is None or self.proc.poll() is not None, "stop or kill it first"
        with open(self.base / "logs" / "milvus.log", "a") as log:
            self.proc = subprocess.Popen([str(self.base / "bin" / "milvus"), "run", "standalone"], cwd=self.base,
                                         env=self._env(), stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        self._wait()

    def _wait(self, timeout: float = 120) -> None:
        """Until its health check says OK and a client can list collections."""
        import urllib.request

        from pymilvus import MilvusClient

        health = f"http://127.0.0.1:{self.metrics_port}/healthz"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the Milvus server exited with {self.proc.returncode}; logs in {self.base / 'logs'}")
            try:
                with urllib.request.urlopen(health, timeout=2) as r:
                    if b"OK" in r.read():
                        client = MilvusClient(uri=self.uri, timeout=10)
                        client.list_collections()
                        client.close()
                        return
            except Exception:  # not up yet
                pass
            time.sleep(0.2)
        raise TimeoutError(f"the Milvus server did not start in {timeout:.0f} s; logs in {self.base / 'logs'}")

    def kill(self) -> None:
        """kill -9 the server process (what a crash or an OOM kill does)."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)  # its data is a test's: no need to wait for a tidy stop
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)


class RayNode:
    """One `ray start` node (head or not), blocking in its own process group: stopping the group
    ends its raylet, object store, workers and (on the head) the GCS."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with open(log, "w") as out:
            self.proc = subprocess.Popen([str(BIN / "ray"), "start", "--block", *args], env=env, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self) -> None:
        kill_group(self.proc, signal.SIGKILL)

    def stop(self) -> None:
        kill_group(self.proc, signal.SIGKILL)  # a test's cluster: nothing to shut down tidily


class RayCluster:
    """A head and a second Ray node on this machine, one CPU each, small object stores, no
    dashboard; every port its own (free) one, so it runs beside another test run's cluster.
    Ray 2.60 needs RAY_AUTH_MODE=disabled (or the cluster's token) for a driver to connect."""

    OBJECT_STORE = str(100 * 2**20)

    def __init__(self, logs: Path) -> None:
        self.logs = Path(logs)
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.env = dict(os.environ, RAY_AUTH_MODE="disabled", RAY_USAGE_STATS_ENABLED="0",
                        HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        self.head: RayNode | None = None
        self.worker: RayNode | None = None

    def _node_args(self) -> list[str]:
        return ["--num-cpus", "1", "--object-store-memory", self.OBJECT_STORE, "--disable-usage-stats",
                "--node-manager-port", str(free_port()), "--object-manager-port", str(free_port()),
                "--dashboard-agent-listen-port", str(free_port()), "--dashboard-agent-grpc-port", str(free_port()),
                "--runtime-env-agent-port", str(free_port()), "--metrics-export-port", str(free_port())]

    def start(self) -> "RayCluster":
        self.head = RayNode(["--head", "--port", str(self.port), "--include-dashboard", "false",
                             "--ray-client-server-port", str(free_port()), *self._node_args()],
                            self.env, self.logs / "ray-head.log")
        self.wait_for_nodes(1)
        self.worker = RayNode(["--address", self.address, *self._node_args()], self.env, self.logs / "ray-worker.log")
        self.wait_for_nodes(2)
        return self

    def alive_nodes(self) -> list[str]:
        """The ids of the cluster's live nodes, asked from a short-lived driver."""
        code = ("import ray; ray.init(address=%r, logging_level='ERROR', log_to_driver=False); "
                "print(' '.join(n['NodeID'] for n in ray.nodes() if n['Alive']))" % self.address)
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=self.env, timeout=120)
        return r.stdout.split() if r.returncode == 0 else []

    def wait_for_nodes(self, n: int, timeout: float = 120) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for node in (self.head, self.worker):
                if node is not None and node.proc.poll() is not None:
                    raise RuntimeError(f"a Ray node exited: {node.log.read_text()[-2000:]}")
            nodes = self.alive_nodes()
            if len(nodes) == n:
                return nodes
            time.sleep(1)
        raise TimeoutError(f"the Ray cluster did not reach {n} nodes in {timeout:.0f} s")

    def stop(self) -> None:
        for node in (self.worker, self.head):
            if node is not None:
                node.stop()


class RagServe:
    """`python -m rag serve ARGS` in a subprocess (the page and the JSON API); its output is kept
    for failure messages, and ``wait`` returns the URL it serves on, without a trailing "/"."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "rag", "serve", *args], cwd=cwd, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.lines: list[str] = []
        self.url: str | None = None
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            found = re.search(r"Serving on (http://\S+)", line)
            if found:
                self.url = found.group(1).rstrip("/")
                self.ready.set()
        self.ready.set()

    def wait(self, timeout: float) -> str:
        if not self.ready.wait(timeout) or self.url is None:
            self.stop()
            import pytest

            pytest.fail("rag serve did not start:\n" + "\n".join(self.lines[-40:]))
        return self.url

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

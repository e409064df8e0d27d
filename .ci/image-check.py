#!/usr/bin/env python3
"""Checks the node's container image (a `jib:buildTar` docker-archive) and starts what it holds.

usage: image-check.py IMAGE.tar VERSION

The tar must be a loadable image tagged silk-node:VERSION whose layers hold the node's jar and
every entry of its classpath file. CI reaches no container registry, so the image is built on
scratch and its entrypoint runs here under this machine's java: the paths of the image are
mapped into the unpacked layers, the port and data directory into ones this check picks, and
the host onto loopback. The node must print its "listening on" line and answer /health/ready.
"""
import json
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from pathlib import Path

image, version = Path(sys.argv[1]), sys.argv[2]
root = Path(tempfile.mkdtemp(prefix="silk-image-"))
with tarfile.open(image) as archive:
    manifest = json.load(archive.extractfile("manifest.json"))[0]
    config = json.load(archive.extractfile(manifest["Config"]))["config"]
    if f"silk-node:{version}" not in manifest["RepoTags"]:
        sys.exit(f"FAIL: the image is tagged {manifest['RepoTags']}, not silk-node:{version}")
    for layer in manifest["Layers"]:
        with tarfile.open(fileobj=archive.extractfile(layer), mode="r:gz") as files:
            files.extractall(root, filter="data")

jars = sorted(p.name for p in (root / "app/classpath").glob("silk-reference-node-*.jar"))
if jars != [f"silk-reference-node-{version}.jar"]:
    sys.exit(f"FAIL: the image holds {jars} as the node's jar")
entrypoint, cmd = config["Entrypoint"], config["Cmd"]
if entrypoint[:3] != ["java", "-cp", "@/app/jib-classpath-file"] or entrypoint[3] != "dev.silk.node.NodeMain":
    sys.exit(f"FAIL: unexpected entrypoint {entrypoint}")
if cmd != ["--host", "0.0.0.0", "--port", "8080", "--data-dir", "/data"] or "8080/tcp" not in config["ExposedPorts"]:
    sys.exit(f"FAIL: unexpected command {cmd} or ports {config.get('ExposedPorts')}")
classpath = (root / "app/jib-classpath-file").read_text().strip().split(":")


def present(entry):
    """A file, or (java's `dir/*`) a directory holding jars."""
    path = root / entry.lstrip("/")
    return any(path.parent.glob("*.jar")) if path.name == "*" else path.is_file()


missing = [entry for entry in classpath if not present(entry)]
if missing:
    sys.exit(f"FAIL: the classpath names files the image lacks: {missing}")
(root / "host-classpath").write_text(":".join(str(root / e.lstrip("/")) for e in classpath))

port_file = root / "port"
mapped = {"0.0.0.0": "127.0.0.1", "8080": "0", "/data": str(root / "data")}
command = ["java", "-cp", f"@{root / 'host-classpath'}", entrypoint[3]] + [mapped.get(a, a) for a in cmd] \
    + ["--port-file", str(port_file)]
node = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
try:
    for _ in range(150):
        if port_file.exists() and port_file.read_text().strip():
            break
        if node.poll() is not None:
            sys.exit(f"FAIL: the image's node exited:\n{node.stdout.read()}")
        time.sleep(0.2)
    else:
        sys.exit("FAIL: the image's node wrote no port within 30 s")
    port = port_file.read_text().strip()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=10) as response:
        if response.status != 200:
            sys.exit(f"FAIL: /health/ready answered {response.status}")
finally:
    node.terminate()
    output, _ = node.communicate(timeout=30)
if "listening on http://127.0.0.1:" not in output:
    sys.exit(f"FAIL: no 'listening on' line:\n{output}")
print(f"ok: the image silk-node:{version} ({len(manifest['Layers'])} layers, {len(classpath)} classpath entries) "
      f"starts the node from its own entrypoint and command")

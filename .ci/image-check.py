#!/usr/bin/env python3
"""Checks the node's container image (a `jib:buildTar` docker-archive) and starts what it holds.

usage: image-check.py IMAGE.tar VERSION

The tar must be a loadable image tagged silk-node:VERSION whose layers hold the node's jar and
every entry of its classpath file. CI reaches no container registry, so the image is built on
scratch and its entrypoint runs here under this machine's java: the paths of the image are
mapped into the unpacked layers, the port, data directory and TLS key store (a fresh one) into
ones this check picks, and the host onto loopback (network checks stay on loopback; off
loopback the node insists on TLS, which the image's command gives it). The node must print its
"listening on" line and answer /health/ready over HTTPS.
"""
import json
import os
import ssl
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
if cmd != ["--host", "0.0.0.0", "--port", "8443", "--tls-keystore", "/tls/node.p12", "--data-dir", "/data"] \
        or "8443/tcp" not in config["ExposedPorts"]:
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
(root / "tls").mkdir()
subprocess.run(["keytool", "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "1", "-storetype", "PKCS12", "-storepass", "image-check",
                "-keystore", str(root / "tls/node.p12")], check=True, capture_output=True)
mapped = {"0.0.0.0": "127.0.0.1", "8443": "0", "/data": str(root / "data"), "/tls/node.p12": str(root / "tls/node.p12")}
command = ["java", "-cp", f"@{root / 'host-classpath'}", entrypoint[3]] + [mapped.get(a, a) for a in cmd] \
    + ["--port-file", str(port_file)]
node = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                        env=dict(os.environ, SILK_TLS_PASSWORD="image-check"))
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
    unverified = ssl.create_default_context()
    unverified.check_hostname, unverified.verify_mode = False, ssl.CERT_NONE  # a certificate made a second ago
    with urllib.request.urlopen(f"https://127.0.0.1:{port}/health/ready", timeout=10, context=unverified) as response:
        if response.status != 200:
            sys.exit(f"FAIL: /health/ready answered {response.status}")
finally:
    node.terminate()
    output, _ = node.communicate(timeout=30)
if "listening on https://127.0.0.1:" not in output:
    sys.exit(f"FAIL: no 'listening on' line:\n{output}")
print(f"ok: the image silk-node:{version} ({len(manifest['Layers'])} layers, {len(classpath)} classpath entries) "
      f"starts the node from its own entrypoint and command")

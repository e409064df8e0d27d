#!/usr/bin/env python3
"""Checks that a `-Prelease verify` build is what Maven Central accepts and what users import.

usage: release-check.py EFFECTIVE_POMS.xml REPO_ROOT

EFFECTIVE_POMS.xml is `help:effective-pom` of the reactor under -Prelease. For every published
module (silk.publish.skip false): the metadata Central requires (name, description, url,
licence, developer, scm); a signature (.asc, checked with gpg against the file) beside the POM
and, for jar modules, beside the jar, its sources and its Javadoc. Modules that are not
published must carry none of them. The BOM's version is the parent's, it lists every published
artifact, and each library it pins has the version the parent manages (the one CI tests).
"""
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
effective = ET.parse(sys.argv[1]).getroot()
root = Path(sys.argv[2]).resolve()
failures = []


def text(node, path):
    found = node.find(path, NS)
    return found.text.strip() if found is not None and found.text else ""


def managed(project):
    return {(text(d, "m:groupId"), text(d, "m:artifactId")): text(d, "m:version")
            for d in project.findall("m:dependencyManagement/m:dependencies/m:dependency", NS)}


def directory(project):
    """The module's directory, from its build directory (…/target)."""
    return Path(text(project, "m:build/m:directory")).parent


def signed(file):
    asc = file.with_name(file.name + ".asc")
    if not file.is_file():
        failures.append(f"{file.relative_to(root)}: missing")
    elif not asc.is_file():
        failures.append(f"{file.relative_to(root)}: no signature")
    elif subprocess.run(["gpg", "--batch", "--verify", str(asc), str(file)], capture_output=True).returncode:
        failures.append(f"{asc.relative_to(root)}: does not verify")


projects = {text(p, "m:artifactId"): p for p in effective.findall("m:project", NS)}
published = []
for artifact, project in projects.items():
    target = directory(project) / "target"
    base = f"{artifact}-{text(project, 'm:version')}"
    skip = text(project, "m:properties/m:silk.publish.skip") == "true"
    if skip:
        if list(target.glob("*.asc")):
            failures.append(f"{artifact}: not published, yet signed")
        continue
    published.append(artifact)
    for field in ("m:name", "m:description", "m:url", "m:licenses/m:license/m:name",
                  "m:developers/m:developer/m:name", "m:scm/m:connection", "m:scm/m:url"):
        if not text(project, field):
            failures.append(f"{artifact}: no {field[2:].replace('/m:', '/')} in its POM")
    signed(target / f"{base}.pom")
    if text(project, "m:packaging") in ("", "jar"):
        for suffix in ("", "-sources", "-javadoc"):
            signed(target / f"{base}{suffix}.jar")

parent = projects["silk-parent"]
bom = projects["silk-bom"]
if text(bom, "m:version") != text(parent, "m:version"):
    failures.append(f"silk-bom {text(bom, 'm:version')} != silk-parent {text(parent, 'm:version')}")
if bom.find("m:parent", NS) is not None:
    failures.append("silk-bom inherits a parent: its importers would get the parent's dependencyManagement")
pins = managed(bom)
for artifact in published:
    if projects[artifact].find("m:packaging", NS) is not None and text(projects[artifact], "m:packaging") == "pom":
        continue
    if ("dev.silk", artifact) not in pins:
        failures.append(f"silk-bom does not list the published {artifact}")
tested = managed(parent)
for (group, artifact), version in pins.items():
    if group != "dev.silk" and tested.get((group, artifact)) != version:
        failures.append(f"silk-bom pins {group}:{artifact}:{version}, CI tests {tested.get((group, artifact))}")

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print(f"ok: {len(published)} published artifacts carry Central's metadata and verified signatures; "
      f"the BOM pins {len(pins)} versions, all the ones CI tests")

#!/usr/bin/env python3
"""Fails if a user project resolves another version of any library than the reactor that CI tests.

Arguments: the user project's `dependency:list` output, then the reactor's. Each line of interest
reads `group:artifact:type[:classifier]:version:scope`, possibly followed by module details.
"""
import re
import sys


def versions(path):
    found = {}
    for line in open(path, encoding="utf-8"):
        line = re.sub(r"\x1b\[[0-9;]*m", "", line).strip()
        parts = line.split(" ")[0].split(":")
        if len(parts) in (5, 6) and parts[-1] in ("compile", "runtime", "provided", "test", "system"):
            found.setdefault(parts[0] + ":" + parts[1], set()).add(parts[-2])
    return found


app, reactor = versions(sys.argv[1]), versions(sys.argv[2])
differ = sorted(k for k in app if k in reactor and app[k] != reactor[k])
for k in differ:
    print(f"FAIL: the user project resolves {k} {sorted(app[k])}, CI tests {sorted(reactor[k])}")
if not app or not reactor:
    print("FAIL: no dependencies read")
    sys.exit(1)
shared = sum(1 for k in app if k in reactor)
print(f"{shared} libraries in both; {len(differ)} at another version")
sys.exit(1 if differ else 0)

#!/usr/bin/env python3
"""Writes the project of docs-site/guide/first-project.md into a directory, as a reader would.

The page's first ```xml block is pom.xml, its first ```java block the class (its path from its
package and class name). With a third argument, the node URL in the code becomes that one (the
check picks its own port).
"""
import re
import sys
from pathlib import Path

page = Path(sys.argv[1]).read_text(encoding="utf-8")
out = Path(sys.argv[2])
blocks = re.findall(r"^```(\w+)\n(.*?)^```", page, re.M | re.S)
pom = next(body for lang, body in blocks if lang == "xml")
code = next(body for lang, body in blocks if lang == "java")
if len(sys.argv) > 3:
    code = code.replace("http://127.0.0.1:8080", sys.argv[3])
package = re.search(r"^package ([\w.]+);", code, re.M).group(1)
cls = re.search(r"^public class (\w+)", code, re.M).group(1)
src = out / "src/main/java" / package.replace(".", "/")
src.mkdir(parents=True, exist_ok=True)
(out / "pom.xml").write_text(pom, encoding="utf-8")
(src / f"{cls}.java").write_text(code, encoding="utf-8")
print(f"wrote pom.xml and {package}.{cls}")

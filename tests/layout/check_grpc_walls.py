#!/usr/bin/env python3
"""The build's wall around gRPC (docs/architecture.md, "Walls").

1. Includes: no file under common/ or services/ includes a gRPC header
   (<grpcpp/...>, <grpc++/...>, <grpc/...>, *.grpc.pb.h) unless it lives in a
   gRPC folder: common/grpc/, services/<name>/grpc/, or one of the two edge
   programs, services/server/ (wires the servers) and services/cli/ (`zw` is a
   gRPC client as a whole). The headers sit in /usr/include, so the compiler
   alone cannot refuse them.
2. Links (with --binaries): the given executables, built only from logic
   libraries, must not need a gRPC shared library; a logic library that linked
   gRPC publicly would add it.

Usage: check_grpc_walls.py ROOT [--binaries FILE...]
Exit 0 when the walls hold; 1 with one line per violation otherwise.
"""
import os
import re
import subprocess
import sys

SOURCE_DIRS = ("common", "services")
EDGE_PREFIXES = ("common/grpc/", "services/server/", "services/cli/")
EDGE_SERVICE_FOLDER = re.compile(r"^services/[^/]+/grpc/")
GRPC_INCLUDE = re.compile(
    r'^\s*#\s*include\s*[<"]((?:grpcpp|grpc\+\+|grpc)/[^">]*|[^">]*\.grpc\.pb\.h)[">]')
GRPC_LIBRARY = re.compile(r"\blib(grpc|grpc\+\+|grpcpp)[^ \]]*\.so")
SUFFIXES = (".h", ".hh", ".hpp", ".cc", ".cpp", ".inc")


def is_edge(relative):
    return relative.startswith(EDGE_PREFIXES) or EDGE_SERVICE_FOLDER.match(relative) is not None


def include_violations(root):
    found = []
    for top in SOURCE_DIRS:
        for directory, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith(SUFFIXES):
                    continue
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, root).replace(os.sep, "/")
                if is_edge(relative):
                    continue
                with open(path, encoding="utf-8", errors="replace") as source:
                    for number, line in enumerate(source, 1):
                        match = GRPC_INCLUDE.match(line)
                        if match:
                            found.append(f"{relative}:{number}: includes {match.group(1)} "
                                         "outside the gRPC folders")
    return found


def link_violations(binaries):
    found = []
    for binary in binaries:
        dynamic = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True)
        if dynamic.returncode != 0:
            found.append(f"{binary}: readelf failed: {dynamic.stderr.strip()}")
            continue
        for line in dynamic.stdout.splitlines():
            if "(NEEDED)" in line and GRPC_LIBRARY.search(line):
                found.append(f"{binary}: links {line.split('[')[-1].rstrip(']')} "
                             "(a logic library links gRPC)")
    return found


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = argv[1]
    binaries = argv[argv.index("--binaries") + 1:] if "--binaries" in argv else []
    violations = include_violations(root) + link_violations(binaries)
    for violation in violations:
        print(violation)
    if not violations:
        print(f"gRPC walls hold ({len(binaries)} binaries checked)")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

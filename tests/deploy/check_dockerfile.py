#!/usr/bin/env python3
"""Static checks of deploy/docker/Dockerfile (CI has no Docker engine to build it).

  python3 tests/deploy/check_dockerfile.py [BINARY...]

Checks that the Dockerfile is multi-stage on Debian bookworm; that the build stage
builds with deploy/setup.sh and deploy/build.sh like CI; that every COPY source
exists and survives Dockerfile.dockerignore; that COPY --from names an earlier
stage; that the final stage runs as the same fixed non-root uid the Kubernetes
manifests use, with the zhengwen entrypoint; and, given the built BINARY files,
that deploy/docker/runtime-packages.sh (which the image runs) resolves them to
Debian packages including the ones the server cannot run without.
"""

import fnmatch
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOCKERFILE = os.path.join(ROOT, "deploy/docker/Dockerfile")
IGNORE = DOCKERFILE + ".dockerignore"
MUST_HAVE_PACKAGES = ("librocksdb", "libgrpc++", "libprotobuf", "libopencc-data", "libicu")

errors = []
passed = 0


def check(ok, message):
    global passed
    if ok:
        passed += 1
    else:
        errors.append(message)
    return ok


def instructions(text):
    """(instruction, arguments) pairs, with continuation lines joined."""
    out, buf = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not buf and (not stripped or stripped.startswith("#")):
            continue
        if buf and stripped.startswith("#"):
            continue  # a comment inside a continued instruction
        if stripped.endswith("\\"):
            buf += stripped[:-1] + " "
            continue
        buf += stripped
        word, _, rest = buf.partition(" ")
        out.append((word.upper(), rest.strip()))
        buf = ""
    return out


def ignored(rel, patterns):
    """True when `rel` (a path in the context) is excluded by the .dockerignore."""
    excluded = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        p = pattern[1:] if negate else pattern
        p = p.strip("/")
        parts = rel.split("/")
        # A pattern matches the path or any of its parent directories.
        hit = any(fnmatch.fnmatch("/".join(parts[:i]), p) or
                  fnmatch.fnmatch("/".join(parts[:i]), p.replace("**/", ""))
                  for i in range(1, len(parts) + 1))
        if hit:
            excluded = not negate
    return excluded


def main(binaries):
    with open(DOCKERFILE) as f:
        steps = instructions(f.read())
    patterns = []
    if check(os.path.exists(IGNORE), "deploy/docker/Dockerfile.dockerignore is missing"):
        with open(IGNORE) as f:
            patterns = [l.strip() for l in f if l.strip() and not l.startswith("#")]

    # Stages.
    stages = []  # [name, base, [steps]]
    for word, args in steps:
        if word == "FROM":
            m = re.match(r"(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$", args, re.I)
            stages.append([m.group(2) or str(len(stages)), m.group(1), []])
        elif check(bool(stages), f"{word} before the first FROM"):
            stages[-1][2].append((word, args))
    check(len(stages) >= 2, "expected a multi-stage build (a build and a runtime stage)")
    for name, base, _ in stages:
        check(re.match(r"debian:bookworm(-slim)?(@sha256:[0-9a-f]+)?$", base) is not None,
              f"stage {name}: base {base} is not Debian bookworm")

    # The build stage builds like CI does.
    build_runs = " ".join(a for w, a in stages[0][2] if w == "RUN")
    check("deploy/setup.sh" in build_runs, "build stage does not run deploy/setup.sh")
    check("deploy/build.sh" in build_runs, "build stage does not run deploy/build.sh")
    check("runtime-packages.sh" in build_runs, "build stage does not compute runtime packages")

    # COPY sources exist in the context and are not ignored; --from names a stage.
    names = []
    for name, _, body in stages:
        for word, args in body:
            if word in ("COPY", "ADD"):
                tokens = shlex.split(args)
                flags = [t for t in tokens if t.startswith("--")]
                paths = [t for t in tokens if not t.startswith("--")]
                source_stage = next((f.split("=", 1)[1] for f in flags if f.startswith("--from=")), None)
                if source_stage is not None:
                    check(source_stage in names, f"COPY --from={source_stage}: no earlier stage")
                    continue
                for src in paths[:-1]:
                    if src == ".":
                        continue
                    check(os.path.exists(os.path.join(ROOT, src)), f"COPY source {src} does not exist")
                    check(not ignored(src, patterns), f"COPY source {src} is excluded by the .dockerignore")
        names.append(name)
    for needed in ("CMakeLists.txt", "deploy/build.sh", "deploy/setup.sh", "protos", "services",
                   "common", "package-lock.json", "deploy/docker/runtime-packages.sh"):
        check(not ignored(needed, patterns), f"{needed} is excluded by the .dockerignore")
    for heavy in ("build", "build-asan", "node_modules", ".git"):
        check(ignored(heavy, patterns), f"{heavy} should be excluded by the .dockerignore")

    # The final stage: a fixed non-root uid, the manifests' uid, the server entrypoint.
    final = stages[-1][2]
    users = [a for w, a in final if w == "USER"]
    uid = None
    if check(bool(users), "final stage sets no USER (it would run as root)"):
        uid = users[-1].split(":")[0]
        check(uid.isdigit() and int(uid) > 0,
              f"USER {users[-1]}: use a numeric non-zero uid (runAsNonRoot can only verify numbers)")
    entry = [a for w, a in final if w == "ENTRYPOINT"]
    check(bool(entry) and "zhengwen" in entry[-1], "final stage ENTRYPOINT is not the zhengwen server")
    final_runs = " ".join(a for w, a in final if w == "RUN")
    check("--no-install-recommends" in final_runs and "rm -rf /var/lib/apt/lists" in final_runs,
          "final stage apt-get install should use --no-install-recommends and clean its lists")
    if uid is not None:
        try:
            rendered = subprocess.run(["kubectl", "kustomize", os.path.join(ROOT, "deploy/k8s/base")],
                                      check=True, capture_output=True, text=True).stdout
            uids = set(re.findall(r"runAsUser: (\d+)", rendered))
            check(uids == {uid}, f"manifests run as uid {sorted(uids)}, the image as {uid}")
        except (OSError, subprocess.CalledProcessError) as e:
            check(False, f"kubectl kustomize deploy/k8s/base failed: {e}")

    # What runtime-packages.sh resolves the built binaries to.
    if binaries:
        result = subprocess.run(["bash", os.path.join(ROOT, "deploy/docker/runtime-packages.sh"), *binaries],
                                capture_output=True, text=True)
        if check(result.returncode == 0, f"runtime-packages.sh failed: {result.stderr.strip()}"):
            packages = result.stdout.split()
            print(f"runtime packages: {' '.join(packages)}")
            for prefix in MUST_HAVE_PACKAGES:
                check(any(p.startswith(prefix) for p in packages), f"runtime packages lack {prefix}*")

    for e in errors:
        print(f"ERROR: {e}")
    print(f"Dockerfile: {len(stages)} stages, {passed} checks passed, {len(errors)} errors "
          "(static checks only: no Docker engine builds the image here)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

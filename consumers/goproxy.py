"""Writes Go modules into a file-based GOPROXY directory.

usage: goproxy.py PROXY_DIR MODULE_DIR VERSION [MODULE_DIR VERSION ...]

Each MODULE_DIR holds a go.mod; its module path and VERSION give the proxy files
<module>/@v/list, <version>.info, <version>.mod and <version>.zip (files under
the prefix <module>@<version>/, as the go command expects).
"""
import json
import os
import sys
import zipfile


def module_path(gomod):
    with open(gomod, encoding="utf-8") as f:
        for line in f:
            if line.startswith("module "):
                return line.split()[1]
    raise SystemExit(f"{gomod}: no module line")


def escape(path):
    # The proxy protocol writes upper-case letters as '!' + lower-case.
    return "".join("!" + c.lower() if c.isupper() else c for c in path)


def add(proxy, src, version):
    mod = module_path(os.path.join(src, "go.mod"))
    vdir = os.path.join(proxy, escape(mod), "@v")
    os.makedirs(vdir, exist_ok=True)
    prefix = f"{mod}@{version}/"
    tmp = os.path.join(vdir, f"{version}.zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for dirpath, dirnames, filenames in os.walk(src):
            dirnames.sort()
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, src).replace(os.sep, "/")
                # local.go.mod is pacmak's build helper, not part of the module.
                if rel == "local.go.mod":
                    continue
                info = zipfile.ZipInfo(prefix + rel, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(full, "rb") as f:
                    z.writestr(info, f.read())
    os.replace(tmp, os.path.join(vdir, f"{version}.zip"))
    with open(os.path.join(src, "go.mod"), "rb") as f, open(os.path.join(vdir, f"{version}.mod"), "wb") as g:
        g.write(f.read())
    with open(os.path.join(vdir, f"{version}.info"), "w", encoding="utf-8") as f:
        json.dump({"Version": version, "Time": "2000-01-01T00:00:00Z"}, f)
    versions = set()
    list_file = os.path.join(vdir, "list")
    if os.path.exists(list_file):
        with open(list_file, encoding="utf-8") as f:
            versions = {v.strip() for v in f if v.strip()}
    versions.add(version)
    with open(list_file, "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(versions)) + "\n")
    print(f"goproxy: {mod} {version}", file=sys.stderr)


def main(argv):
    if len(argv) < 4 or len(argv) % 2:
        raise SystemExit(__doc__)
    proxy = argv[1]
    for i in range(2, len(argv), 2):
        add(proxy, argv[i], argv[i + 1])


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/python3
"""Checks of the AppStream metainfo that `appstreamcli validate --no-net` leaves out.

  check-metainfo.py offline METAINFO SOURCE_ROOT VERSION
      releases (newest first, the newest is VERSION, each in NEWS), provides,
      content rating, and each screenshot URL naming a PNG that exists in
      the source tree at the path the URL gives, of a size stores accept.
  check-metainfo.py online METAINFO
      `appstreamcli validate` with its network checks (URLs reachable,
      screenshots downloadable); exits 77 (meson: SKIP) when the hosts
      cannot be resolved, so an offline run is counted as skipped, not passed.
"""
import os
import socket
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

# Screenshots are served from the repository's main branch.
RAW_PREFIX = "https://raw.githubusercontent.com/contestedborders/contested-borders/main/"
SKIP = 77


def png_size(path):
    with open(path, "rb") as image:
        header = image.read(24)
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", header[16:24])


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def offline(metainfo, source_root, version):
    problems = []
    root = ET.parse(metainfo).getroot()

    releases = root.findall("releases/release")
    versions = [r.get("version") for r in releases]
    if not versions:
        problems.append("no <release> entries")
    elif versions[0] != version:
        problems.append(f"newest release is {versions[0]}, the project is {version}")
    if versions != sorted(versions, key=version_key, reverse=True):
        problems.append(f"releases not newest first: {versions}")
    with open(os.path.join(source_root, "NEWS"), encoding="utf-8") as news_file:
        news_versions = [line.split()[1] for line in news_file
                         if line.startswith("Version ") and len(line.split()) > 1]
    for release in releases:
        v = release.get("version")
        if not release.get("date"):
            problems.append(f"release {v} has no date")
        if release.find("description") is None:
            problems.append(f"release {v} has no description")
        if v not in news_versions:
            problems.append(f"release {v} has no 'Version {v}' section in NEWS")

    binaries = [b.text for b in root.findall("provides/binary")]
    if "contested-borders" not in binaries:
        problems.append("<provides> does not name the contested-borders binary")
    if root.find("content_rating") is None:
        problems.append("no <content_rating>")

    images = root.findall("screenshots/screenshot/image")
    if not images:
        problems.append("no screenshots")
    for image in images:
        url = (image.text or "").strip()
        if not url.startswith(RAW_PREFIX):
            problems.append(f"screenshot {url} is not served from the repository ({RAW_PREFIX})")
            continue
        path = os.path.join(source_root, url[len(RAW_PREFIX):])
        if not os.path.isfile(path):
            problems.append(f"screenshot {url}: no file {os.path.relpath(path, source_root)} in the tree")
            continue
        size = png_size(path)
        if size is None:
            problems.append(f"screenshot {path} is not a PNG")
        elif size[0] < 620 or size[1] < 350:
            problems.append(f"screenshot {path} is {size[0]}x{size[1]}, smaller than 620x350")

    for problem in problems:
        print(f"{metainfo}: {problem}")
    if not problems:
        print(f"{metainfo}: {len(versions)} releases, {len(images)} screenshots, provides, "
              "content rating: ok")
    return 1 if problems else 0


def online(metainfo):
    for host in ("github.com", "raw.githubusercontent.com"):
        try:
            socket.getaddrinfo(host, 443)
        except OSError:
            print(f"SKIP: cannot resolve {host}; URL and screenshot checks need the network")
            return SKIP
    return subprocess.call(["appstreamcli", "validate", "--explain", metainfo])


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "offline":
        sys.exit(offline(sys.argv[2], sys.argv[3], sys.argv[4]))
    if len(sys.argv) == 3 and sys.argv[1] == "online":
        sys.exit(online(sys.argv[2]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)

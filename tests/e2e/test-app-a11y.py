#!/usr/bin/python3
"""End-to-end: launch the real app, read what it says through AT-SPI, act as a user.

usage: test-app-a11y.py APP_BINARY
Prints TAP. Needs a display (run-under-xvfb.sh) and a D-Bus session
(a11y-session.sh). Uses Debian's python3-pyatspi and xdotool.
"""
import os
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
import pyatspi  # noqa: E402

APP_NAME = "contested-borders"
results = []
# a11y-session.sh hands us fd 3 for TAP; stdout carries daemons' chatter.
try:
    TAP = os.fdopen(3, "w", buffering=1)
except OSError:
    TAP = sys.stdout


def say(line):
    print(line, file=TAP, flush=True)


def tap(ok, name, detail=""):
    results.append(ok)
    line = f"{'ok' if ok else 'not ok'} {len(results)} {name}"
    say(line)
    if detail and not ok:
        for d in str(detail).splitlines():
            say(f"#   {d}")


def find_app(timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == APP_NAME and app.childCount > 0:
                return app
        time.sleep(0.1)
    return None


def walk(acc, depth=0):
    if acc is None or depth > 80:
        return
    yield acc
    for i in range(acc.childCount):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def text_of(acc):
    try:
        t = acc.queryText()
        return t.getText(0, t.characterCount)
    except Exception:
        return ""


def nodes(app):
    out = []
    for acc in walk(app):
        try:
            out.append((acc.getRoleName(), acc.name or "", acc.description or "", text_of(acc), acc))
        except Exception:
            continue
    return out


def wait_for(predicate, timeout=5.0):
    end = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < end:
        time.sleep(0.1)
        value = predicate()
    return value


def do_default_action(acc):
    action = acc.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "activate", "press"):
            return action.doAction(i)
    return action.doAction(0)


def main():
    binary = sys.argv[1]
    env = dict(os.environ)
    start = time.monotonic()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        app = find_app(20)
        tap(app is not None, "the app appears on the accessibility bus",
            "" if app else proc.stdout.read1(4096).decode(errors="replace") if proc.poll() is not None else "timeout")
        if app is None:
            return
        say(f"# app on the bus after {time.monotonic() - start:.2f} s")

        frames = [n for n in nodes(app) if n[0] == "frame"]
        tap(any(n[1] == "Contested Borders" for n in frames), "window titled Contested Borders",
            [n[1] for n in frames])

        all_nodes = nodes(app)
        buttons = {n[1] for n in all_nodes if n[0] in ("push button", "toggle button")}
        tap("Main Menu" in buttons, "header bar has a labelled main menu button", sorted(buttons))
        tap("Layers" in buttons, "header bar has a labelled layers button", sorted(buttons))

        run_extra_checks(app)
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


def run_extra_checks(app):
    """Checks on the map and the town panel, once those exist in the app."""
    all_nodes = nodes(app)
    maps = [n for n in all_nodes if "Map of" in n[1] or "Map of" in n[2]]
    if not maps:
        return
    towns = {n[1] for n in all_nodes if n[0] in ("push button", "link") and n[1]}
    for town in ("Vilnius", "Lida", "Sejny", "Hrodna (Grodno)", "Sztabin"):
        tap(any(t.startswith(town.split(" ")[0]) for t in towns), f"town {town} is an accessible element")


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # report, do not hide, a harness failure
        tap(False, "harness ran", repr(exc))
    say(f"1..{len(results)}")
    sys.exit(0 if results and all(results) else 1)

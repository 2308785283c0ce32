#!/usr/bin/python3
"""Print 'N passed, N failed, N skipped' from one or more meson testlog.json files.

Counts are of test cases: a TAP test (the GLib tests) counts each of its
subtests, so a subtest that skips (say, without ../shared) shows up in
the closing line instead of hiding inside a passing test; any other test
counts once.
"""
import json
import re
import sys

TAP_LINE = re.compile(r"^(not ok|ok)\b[^#]*(#\s*(\w+))?", re.IGNORECASE)
FAILED_RESULTS = ("FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS", "INTERRUPT")


def count_tap(stdout):
    """Returns (passed, failed, skipped) from TAP output, or None if there is none."""
    passed = failed = skipped = 0
    seen = False
    for line in stdout.splitlines():
        match = TAP_LINE.match(line.strip())
        if not match:
            continue
        seen = True
        directive = (match.group(3) or "").upper()
        if directive == "SKIP":
            skipped += 1
        elif directive == "TODO":
            passed += 1  # an expected failure, or a TODO that happens to pass
        elif match.group(1).lower() == "ok":
            passed += 1
        else:
            failed += 1
    return (passed, failed, skipped) if seen else None


def main(paths):
    passed = failed = skipped = 0
    for path in paths:
        try:
            with open(path, encoding="utf-8") as log:
                for line in log:
                    if not line.strip():
                        continue
                    test = json.loads(line)
                    result = test.get("result")
                    tap = count_tap(test.get("stdout") or "")
                    if tap is not None:
                        passed += tap[0]
                        failed += tap[1]
                        skipped += tap[2]
                        # A crash or timeout after the last reported subtest
                        # fails the test even when every line said ok.
                        if result in FAILED_RESULTS and tap[1] == 0:
                            failed += 1
                    elif result in ("OK", "EXPECTEDFAIL"):
                        passed += 1
                    elif result == "SKIP":
                        skipped += 1
                    else:
                        failed += 1
        except FileNotFoundError:
            print(f"no test log at {path}", file=sys.stderr)
            failed += 1

    print(f"{passed} passed, {failed} failed, {skipped} skipped")


if __name__ == "__main__":
    main(sys.argv[1:])

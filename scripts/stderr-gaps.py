#!/usr/bin/env python3
"""Run a command, timestamp each line it writes to stderr, and report the longest
silence: the largest gap between two stderr lines, counting the command's start
and exit as lines (issue #19: no silent stretch over 2 s in a 10k `cohort match`).

    scripts/stderr-gaps.py [--max SECONDS] [--log FILE] -- COMMAND [ARGS...]

stdout goes through untouched; stderr is echoed with each line's time since the
start ("  12.34 | teams: forming"), to --log instead when given. At the end one
line on stderr names the longest gap and the lines on either side of it. Exits
with the command's status, or 3 when --max is given and the longest gap exceeds it.
A terminal redraw ("\\r") counts as a line, as a person watching would see it.
"""
import argparse
import os
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max", type=float, help="exit 3 when the longest gap exceeds this many seconds")
    parser.add_argument("--log", help="write the timestamped stderr here instead of to stderr")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    out = open(args.log, "w", encoding="utf-8") if args.log else sys.stderr
    start = time.monotonic()
    child = subprocess.Popen(command, stderr=subprocess.PIPE)
    lines = [(0.0, "(start)")]
    pending = b""
    while True:
        chunk = os.read(child.stderr.fileno(), 65536)
        now = time.monotonic() - start
        if not chunk:
            break
        pending += chunk.replace(b"\r", b"\n")
        *complete, pending = pending.split(b"\n")
        for raw in complete:
            text = raw.decode("utf-8", "replace").replace("\x1b[2K", "")
            if not text.strip():
                continue
            lines.append((now, text))
            out.write(f"{now:8.2f} | {text}\n")
            out.flush()
    status = child.wait()
    end = time.monotonic() - start
    if pending.strip():
        lines.append((end, pending.decode("utf-8", "replace")))
    lines.append((end, f"(exit {status})"))

    gap, k = max((lines[i + 1][0] - lines[i][0], i) for i in range(len(lines) - 1))
    summary = (f"longest stderr gap: {gap:.2f} s, between {lines[k][0]:.2f} s \"{lines[k][1].strip()}\" "
               f"and {lines[k + 1][0]:.2f} s \"{lines[k + 1][1].strip()}\"; {len(lines) - 2} lines in {end:.1f} s")
    print(summary, file=sys.stderr)
    if out is not sys.stderr:
        out.write(summary + "\n")
        out.close()
    if status != 0:
        return status
    return 3 if args.max is not None and gap > args.max else 0


if __name__ == "__main__":
    sys.exit(main())

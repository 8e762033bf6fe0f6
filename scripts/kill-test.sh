#!/usr/bin/env bash
# kill -9 at random moments of `cohort match` on a generated roster, and check after each
# kill that --out holds the old output or the new one, whole (docs/outputs.md, issue #14).
#
#   scripts/kill-test.sh [KILLS] [MEMBERS]      (defaults: 20 kills, 10000 members)
#
# The old output is a run with checkin_minutes=45, the new one a run with the defaults, so the
# two differ. Each trial starts from the old output and kills a new run with SIGKILL: odd
# trials after a delay drawn uniformly from [0, 1.1 × the run's wall time]; even trials while
# it writes — once its own staging folder (.out.tmp-PID-*) appears, after a delay drawn uniformly from
# [0, 1.2 × the measured writing time]. --out is then compared with both references
# (summary.json and report.html without their seconds). After the trials one uninterrupted
# run must remove every leftover staging or old folder. COHORT_NO_EXCHANGE=1 makes cohort swap
# with two renames instead of renameat2(RENAME_EXCHANGE) (the fallback path).
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS=${1:-20}
MEMBERS=${2:-10000}
BIN=${COHORT_BINARY:-.build/release/cohort}
[ -x "$BIN" ] || { echo "build first: swift build -c release --product cohort" >&2; exit 2; }
WORK=$(mktemp -d /tmp/cohort-kill-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

"$BIN" generate --members "$MEMBERS" --seed 7 --out "$WORK/roster" --quiet
ROSTER=("$WORK/roster/members.csv" --projects "$WORK/roster/projects.csv" --policy "$WORK/roster/policy.toml" --quiet)
"$BIN" match "${ROSTER[@]}" --set checkin_minutes=45 --out "$WORK/old"
cp -a "$WORK/old" "$WORK/new"
# The reference run replaces an old output, as the trials do: its wall time and writing time.
start=$(date +%s.%N)
"$BIN" match "${ROSTER[@]}" --out "$WORK/new" & pid=$!
until compgen -G "$WORK/.new.tmp-$pid-*" >/dev/null || ! kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
staged=$(date +%s.%N)
wait "$pid"
end=$(date +%s.%N)
wall=$(echo "$end - $start" | bc)
writing=$(echo "$end - $staged" | bc)
echo "roster: $MEMBERS members; one uninterrupted run: ${wall} s wall, of which ${writing} s writing; load $(cut -d' ' -f1-3 /proc/loadavg)"

cat > "$WORK/compare.py" <<'PY'
import os, re, sys
def files(d):
    out = {}
    for root, dirs, names in os.walk(d):
        for n in names:
            p = os.path.join(root, n)
            rel = os.path.relpath(p, d)
            data = open(p, 'rb').read()
            if rel in ('summary.json', 'report.html'):
                data = b'\n'.join(l for l in data.split(b'\n') if not re.search(rb'"(\w+_)?seconds":', l.replace(b'"time_limit_seconds"', b'')) and b'class="seconds"' not in l and b'"file":' not in l)
            if rel == '.cohort-output':
                data = b'\n'.join(l for l in data.split(b'\n') if not l.endswith(b' summary.json') and not l.endswith(b' report.html'))
            out[rel] = data
    return out
out, old, new = sys.argv[1:4]
if not os.path.exists(out):
    print('none'); sys.exit(0)
got = files(out)
print('old' if got == files(old) else 'new' if got == files(new) else 'BROKEN')
PY

declare -A seen=()
broken=0
for i in $(seq 1 "$KILLS"); do
    rm -rf "$WORK/out"; cp -a "$WORK/old" "$WORK/out"
    "$BIN" match "${ROSTER[@]}" --out "$WORK/out" & pid=$!
    if (( i % 2 )); then
        when="at"
        delay=$(python3 -c "import random; random.seed($i); print(round(random.uniform(0, 1.1 * $wall), 2))")
    else
        when="writing +"
        delay=$(python3 -c "import random; random.seed($i); print(round(random.uniform(0, 1.2 * $writing), 3))")
        # Its own staging folder (a leftover of an earlier kill may be there too).
        until compgen -G "$WORK/.out.tmp-$pid-*" >/dev/null || ! kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
    fi
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null && code=0 || code=$?
    state=$(python3 "$WORK/compare.py" "$WORK/out" "$WORK/old" "$WORK/new")
    left=$(cd "$WORK" && { ls -d .out.tmp-* .out.old-* 2>/dev/null || true; } | wc -l)
    leftfiles=$(cd "$WORK" && { find .out.tmp-* .out.old-* -type f 2>/dev/null || true; } | wc -l)
    echo "kill $i $when ${delay} s (exit $code): --out holds the $state output; leftover folders $left ($leftfiles files)"
    seen[$state]=$(( ${seen[$state]:-0} + 1 ))
    # Every trial starts from the old output: no --out at all would be a loss too.
    { [ "$state" = BROKEN ] || [ "$state" = none ]; } && broken=$((broken + 1))
    # The next run removes the leftovers of the killed one (they belong to a dead process).
done
"$BIN" match "${ROSTER[@]}" --out "$WORK/out"
final=$(python3 "$WORK/compare.py" "$WORK/out" "$WORK/old" "$WORK/new")
left=$(cd "$WORK" && { ls -d .out.tmp-* .out.old-* 2>/dev/null || true; } | wc -l)
echo "states: $(for k in "${!seen[@]}"; do printf '%s=%s ' "$k" "${seen[$k]}"; done)"
echo "after one uninterrupted run: --out holds the $final output; leftover folders: $left"
[ "$broken" = 0 ] && [ "$final" = new ] && [ "$left" = 0 ]

#!/usr/bin/env bash
# Side-by-side: cohort's mentor pairs vs the Python peers, on the same rosters.
#
#   Benchmarks/peers/compare.sh [--seed S] [--tools LIST] [--keep DIR] [--quarter-start DATE] [SIZE ...]
#
# SIZE defaults to "1000 10000". Run it under `flock /work/bench.lock` on a shared
# machine, one size at a time for 100000. LIST is a comma list of
#   cohort   `cohort match … --out` (whole command timed; matched count from stderr)
#   probe    swift-probe/cohort-pairs: cohort's MentorMatching.solve (engine + GLPK
#            certificate, no schedulability re-solves: the peer has none), also
#            prints the quality objective and its in-process pair seconds
#            (candidates + solve); skipped unless swift-probe/.build/release/cohort-pairs exists
#   ortools  mentor_pairs.py --solver ortools
#   pulp     mentor_pairs.py --solver pulp
# default: cohort,probe,ortools,pulp. Build first, from the repository root:
#   swift build -c release --product cohort
#   (cd Benchmarks/peers/swift-probe && swift build -c release)   # optional
# Seconds are wall time of the whole process (start-up, reading, solving);
# "pair s" is the probe's in-process candidates + solve, and "ratio" the Python
# script's whole run over it. Python runs are capped by PEER_TIMEOUT seconds
# (default 600) and PEER_MEMORY_KB of address space (default 6 GB): a capped
# run prints "did not finish". Exit status 1 when matched counts (or quality
# objectives) disagree.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cohort=${COHORT:-$root/.build/release/cohort}
probe=$here/swift-probe/.build/release/cohort-pairs
python=${PYTHON:-python3}
seed=1
# The peer reads each zone at one offset (noon UTC of quarter_start); cohort keeps a
# window only where it holds in every week of the quarter, on the schedule's clock
# (docs/input.md "Every week of the quarter counts"). A quarter in which no zone of the
# generator changes offset, and the UTC clock, make the two models the same.
quarter_start=2027-05-03
keep=""
timeout_s=${PEER_TIMEOUT:-600}
memory_kb=${PEER_MEMORY_KB:-6000000}
sizes=()
while [ $# -gt 0 ]; do
  case $1 in
    --seed) seed=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --quarter-start) quarter_start=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
[ -x "$cohort" ] || { echo "compare.sh: $cohort not built (swift build -c release --product cohort)" >&2; exit 2; }
has() { case ",$tools," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
if has probe && [ ! -x "$probe" ]; then
  echo "compare.sh: $probe not built; skipping the probe (cohort's quality objective)" >&2
  tools=${tools//probe/}
fi

work=${keep:-$(mktemp -d /tmp/cohort-peers.XXXXXX)}
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
# field FILE KEY: a top-level value of a one-line JSON file
field() { "$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

rows=()
status=0
printf '%-8s %-22s %8s %10s %15s %9s %8s %7s\n' size tool matched quality candidate_pairs seconds pair_s ratio
for n in "${sizes[@]}"; do
  r=$work/roster-$n
  rm -rf "$r"
  "$cohort" generate --members "$n" --seed "$seed" --out "$r" --quiet
  m=$r/members.csv; p=$r/policy.toml
  sed -i "s/^quarter_start = .*/quarter_start = $quarter_start/" "$p"
  grep -q '^schedule_clock' "$p" || echo 'schedule_clock = "UTC"' >> "$p"
  matched_ref="" quality_ref="" pair_s="" informational=""
  line() {  # tool matched quality pairs seconds [pair seconds]
    local ps=${6:--} ratio=-
    if [ "$ps" = - ] && [ -n "$pair_s" ] && [ "$2" != - ]; then ratio=$(printf '%.1fx' "$(echo "$5 / $pair_s" | bc -l)"); fi
    [ "$ps" = - ] || ps=$(printf %.2f "$ps")
    printf '%-8s %-22s %8s %10s %15s %9.2f %8s %7s\n' "$n" "$1" "$2" "$3" "$4" "$5" "$ps" "$ratio"
    rows+=("| $n | $1 | $2 | $3 | $4 | $(printf %.2f "$5") | $ps | $ratio |")
    [ "$2" != - ] && [ -z "$informational" ] || return 0
    if [ -z "$matched_ref" ]; then matched_ref=$2
    elif [ "$2" != "$matched_ref" ]; then echo "  MISMATCH: matched $2 != $matched_ref" >&2; status=1; fi
    if [ "$3" != "-" ]; then
      if [ -z "$quality_ref" ]; then quality_ref=$3
      elif [ "$3" != "$quality_ref" ]; then echo "  MISMATCH: quality $3 != $quality_ref" >&2; status=1; fi
    fi
  }
  if has cohort; then
    rm -rf "$work/out-$n"
    t0=$(now)
    "$cohort" match "$m" --projects "$r/projects.csv" --policy "$p" --out "$work/out-$n" 2>"$work/cohort-$n.err"
    t1=$(now)
    # "mentor pairs: N of M mentees matched (…)" (older builds: "mentor pairs: N matched")
    matched=$(sed -n -e 's/^mentor pairs: \([0-9]*\) of [0-9]* mentees matched.*/\1/p' -e 's/^mentor pairs: \([0-9]*\) matched.*/\1/p' "$work/cohort-$n.err")
    pairs=$(sed -n 's/^mentor pairs: .* \([0-9]*\) candidate pairs.*/\1/p' "$work/cohort-$n.err")
    # `cohort match` does not print the quality objective (yet): "-"; its
    # matched count follows the schedulability re-solves (pairs whose check-ins
    # cannot all be scheduled are forbidden), which the peer does not make: not compared.
    informational=1 line "cohort match (whole batch)" "$matched" - "$pairs" "$(echo "$t1 - $t0" | bc)"
  fi
  run_json() {  # label outfile command...
    local label=$1 out=$2; shift 2
    local t0 t1 rc=0
    t0=$(now); "$@" >"$out" || rc=$?; t1=$(now)
    if [ $rc -ne 0 ] || [ ! -s "$out" ]; then
      line "$label (did not finish, exit $rc)" - - - "$(echo "$t1 - $t0" | bc)"
      return 0
    fi
    line "$label" "$(field "$out" matched)" "$(field "$out" quality)" "$(field "$out" candidate_pairs)" "$(echo "$t1 - $t0" | bc)"
  }
  # capped: the Python peers under a time and memory limit
  capped() { (ulimit -v "$memory_kb"; exec timeout "$timeout_s" "$@"); }
  if has probe; then
    out=$work/probe-$n.json
    t0=$(now); "$probe" "$m" "$p" "$work/pairs-probe-$n.csv" >"$out"; t1=$(now)
    pair_s=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"]["pairs"])' "$out")
    line "cohort-pairs (engine+GLPK)" "$(field "$out" matched)" "$(field "$out" quality)" "$(field "$out" candidate_pairs)" "$(echo "$t1 - $t0" | bc)" "$pair_s"
    echo "  probe: $(field "$out" status), certified by $(field "$out" certified_by), $(field "$out" glpk_pivots) GLPK pivots" >&2
  fi
  if has ortools; then
    run_json "python OR-Tools MCF" "$work/ortools-$n.json" capped "$python" "$here/mentor_pairs.py" "$m" --policy "$p" \
      --solver ortools --out "$work/pairs-ortools-$n.csv"
  fi
  if has pulp; then
    run_json "python PuLP+CBC (LP)" "$work/pulp-$n.json" capped "$python" "$here/mentor_pairs.py" "$m" --policy "$p" \
      --solver pulp --out "$work/pairs-pulp-$n.csv"
  fi
done
echo
echo "| size | tool | matched | quality | candidate pairs | seconds | pair s | ratio |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
[ $status -eq 0 ] && echo "all matched counts (and quality objectives where printed) agree" >&2
exit $status

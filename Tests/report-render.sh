#!/bin/sh
# Renders report.html in headless Chromium (Debian: apt-get install chromium)
# for the demo roster and a generated 5,000-member roster, and checks that
# every section and chart is in the DOM the browser built (docs/report.md).
#
#   Tests/report-render.sh [COHORT_BINARY]      # default .build/debug/cohort
#
# Writes screenshots to $REPORT_RENDER_DIR (default: a temporary directory,
# printed at the end). Exit 0: all checks passed; 1: a check failed;
# 77: chromium is not installed (skipped).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cohort=${1:-${COHORT_BINARY:-$root/.build/debug/cohort}}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "report-render: chromium is not installed (apt-get install -y chromium); skipped" >&2
    exit 77
fi
[ -x "$cohort" ] || { echo "report-render: no cohort binary at $cohort (swift build --product cohort)" >&2; exit 1; }
work=${REPORT_RENDER_DIR:-$(mktemp -d /tmp/cohort-report-render.XXXXXX)}
mkdir -p "$work"

sections="headline charts teams unmatched proof"
charts="chart-stage-gaps chart-mentor-load chart-team-sizes chart-team-stages heatmap-availability heatmap-events"

render() {  # name, out dir
    name=$1 dir=$2
    page="file://$dir/report.html"
    # Headless Chromium needs a writable profile and no sandbox when run as root.
    profile="$work/profile-$name"
    timeout 300 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
        --window-size=1280,4000 --screenshot="$work/$name.png" "$page" >/dev/null 2>&1
    timeout 300 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
        --dump-dom "$page" >"$work/$name.dom.html" 2>/dev/null
    [ -s "$work/$name.png" ] || { echo "report-render: $name: no screenshot" >&2; return 1; }
    dom="$work/$name.dom.html"
    for id in $sections $charts; do
        grep -q "id=\"$id\"" "$dom" || { echo "report-render: $name: section or chart '$id' missing from the rendered DOM" >&2; return 1; }
    done
    # The DOM Chromium built must have closed the page (a parse that gave up would not).
    grep -q "</footer>" "$dom" || { echo "report-render: $name: page not fully parsed" >&2; return 1; }
    # Every heat-map has its 168 hour cells.
    cells=$(grep -o '<rect x="[0-9]*" y="[0-9]*" width="20" height="20" rx="3"' "$dom" | wc -l)
    [ "$cells" -eq 336 ] || { echo "report-render: $name: expected 336 heat-map cells, found $cells" >&2; return 1; }
    # No script in the page, whatever the roster held.
    if grep -qi "<script" "$dom"; then echo "report-render: $name: a <script> element is in the DOM" >&2; return 1; fi
    echo "report-render: $name: ok ($(wc -c <"$dir/report.html") bytes, screenshot $work/$name.png)"
}

demo="$root/Datasets/demo"
"$cohort" match "$demo/members.csv" --projects "$demo/projects.csv" --policy "$demo/policy.toml" --out "$work/demo" --quiet
render demo "$work/demo"

"$cohort" generate --members 5000 --seed 5 --out "$work/roster5000" --quiet
"$cohort" match "$work/roster5000/members.csv" --projects "$work/roster5000/projects.csv" --policy "$work/roster5000/policy.toml" \
    --out "$work/m5000" --quiet
render m5000 "$work/m5000"
echo "report-render: all checks passed ($work)"

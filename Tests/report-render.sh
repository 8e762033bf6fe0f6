#!/bin/sh
# Renders report.html in headless Chromium (Debian: apt-get install chromium)
# for the demo roster and a generated roster (5,000 members unless
# REPORT_RENDER_MEMBERS says otherwise), at desktop (1280 px) and phone
# (390 px) width, and checks in the DOM the browser built (docs/report.md):
# every section and chart is there, the page was parsed to its end, both
# heat-maps have their 168 cells, the only script is the report's own filter,
# nothing is wider than the window at either width (no horizontal overflow),
# and the search and kind filter of "Who got what" show the right rows.
#
#   Tests/report-render.sh [COHORT_BINARY]      # default .build/debug/cohort
#
# Writes screenshots to $REPORT_RENDER_DIR (default: a temporary directory,
# printed at the end). Exit 0: all checks passed; 1: a check failed;
# 77: chromium is not installed (skipped).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cohort=${1:-${COHORT_BINARY:-$root/.build/debug/cohort}}
members=${REPORT_RENDER_MEMBERS:-5000}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "report-render: chromium is not installed (apt-get install -y chromium); skipped" >&2
    exit 77
fi
[ -x "$cohort" ] || { echo "report-render: no cohort binary at $cohort (swift build --product cohort)" >&2; exit 1; }
work=${REPORT_RENDER_DIR:-$(mktemp -d /tmp/cohort-report-render.XXXXXX)}
mkdir -p "$work"

sections="headline next who charts teams unmatched proof"
charts="chart-stage-gaps chart-mentor-load chart-team-sizes chart-team-stages heatmap-availability heatmap-events"

fail() { echo "report-render: $*" >&2; exit 1; }

# Headless Chromium needs a writable profile and no sandbox when run as root.
chrome() {  # profile, args…
    profile=$1; shift
    timeout 300 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" "$@" 2>/dev/null
}

# A page that shows report.html in a frame $3 px wide (a phone or a desktop
# window, whatever the smallest window headless Chromium allows) and, once it
# has loaded, writes the frame's layout width into its own <body> attributes,
# then tries the filter (kind "team", then a search for $2) and writes how many
# rows each showed. Needs --allow-file-access-from-files.
probe() {  # page, search word, width, out
    cat >"$4" <<EOF
<!DOCTYPE html><html><body style="margin:0">
<iframe id="frame" src="file://$1" style="width:$3px;height:1600px;border:0"></iframe>
<script>
document.getElementById('frame').addEventListener('load', function () {
  var d = this.contentDocument, b = document.body, e = d.documentElement;
  b.setAttribute('data-scroll-width', String(e.scrollWidth));
  b.setAttribute('data-client-width', String(e.clientWidth));
  var bar = d.querySelector('#who .filter');
  b.setAttribute('data-filter-shown', bar && !bar.hidden ? 'yes' : 'no');
  var sel = bar.querySelector('select'), q = bar.querySelector('input');
  function shown() { return Array.prototype.slice.call(d.querySelectorAll('#who tbody tr[data-kind]')).filter(function (r) { return !r.hidden; }); }
  var nav = this.contentWindow.performance.getEntriesByType('navigation')[0];
  if (nav) { b.setAttribute('data-load-ms', String(Math.round(nav.loadEventStart))); }
  var t0 = performance.now();
  sel.value = 'team'; sel.dispatchEvent(new Event('change'));
  b.setAttribute('data-filter-ms', String(Math.round(performance.now() - t0)));
  b.setAttribute('data-teams-shown', String(shown().length));
  sel.value = ''; sel.dispatchEvent(new Event('change'));
  q.value = '$2'; q.dispatchEvent(new Event('input'));
  setTimeout(function () {
    var s = shown();
    b.setAttribute('data-search-shown', String(s.length));
    b.setAttribute('data-search-all-match', s.every(function (r) { return r.textContent.toLowerCase().indexOf('$2'.toLowerCase()) >= 0; }) ? 'yes' : 'no');
  }, 400);
});
</script></body></html>
EOF
}

attr() {  # dom file, attribute
    grep -o "$2=\"[^\"]*\"" "$1" | head -1 | sed 's/.*="\(.*\)"/\1/'
}

render() {  # name, out dir
    name=$1 dir=$2
    page="$dir/report.html"
    profile="$work/profile-$name"
    start=$(date +%s.%N)
    chrome "$profile" --window-size=1280,4000 --screenshot="$work/$name-1280.png" "file://$page" >/dev/null
    end=$(date +%s.%N)
    chrome "$profile" --window-size=390,2400 --screenshot="$work/$name-390.png" "file://$page" >/dev/null
    # Without its script (as with scripts off): the page as it reads in a mail viewer.
    awk '/<script id="report-filter">/ { skip = 1 } !skip { print } /<\/script>/ { skip = 0 }' "$page" >"$work/$name-noscript.html"
    chrome "$profile" --window-size=390,2400 --screenshot="$work/$name-390-noscript.png" "file://$work/$name-noscript.html" >/dev/null
    chrome "$profile" --dump-dom "file://$page" >"$work/$name.dom.html"
    for f in "$name-1280.png" "$name-390.png" "$name-390-noscript.png"; do
        [ -s "$work/$f" ] || fail "$name: no screenshot $f"
    done
    dom="$work/$name.dom.html"
    for id in $sections $charts; do
        grep -q "id=\"$id\"" "$dom" || fail "$name: section or chart '$id' missing from the rendered DOM"
    done
    # The DOM Chromium built must have closed the page (a parse that gave up would not).
    grep -q "</footer>" "$dom" || fail "$name: page not fully parsed"
    # Every heat-map has its 168 hour cells.
    cells=$(grep -o '<rect x="[0-9]*" y="[0-9]*" width="38" height="18" rx="3"' "$dom" | wc -l)
    [ "$cells" -eq 336 ] || fail "$name: expected 336 heat-map cells, found $cells"
    # The only script is the report's own filter, whatever the roster held.
    scripts=$(grep -o -i "<script" "$dom" | wc -l)
    [ "$scripts" -eq 1 ] && grep -q '<script id="report-filter">' "$dom" || fail "$name: expected only the report's filter script, found $scripts <script> elements"

    # Layout and filter, at both widths. A mentee id of pairings.csv to search for.
    word=$(sed -n 2p "$dir/pairings.csv" | cut -d, -f1)
    teams=$(grep -o '"teams": [0-9]*' "$dir/summary.json" | head -1 | grep -o '[0-9]*$')
    for width in 1280 390; do
        probe "$page" "$word" $width "$work/$name-probe-$width.html"
        p="$work/$name-probe-$width.dom.html"
        chrome "$profile" --window-size=1300,1700 --allow-file-access-from-files --virtual-time-budget=8000 --dump-dom \
            "file://$work/$name-probe-$width.html" >"$p"
        scroll=$(attr "$p" data-scroll-width) client=$(attr "$p" data-client-width)
        [ -n "$scroll" ] || fail "$name at $width px: the probe did not run"
        [ "$scroll" -le "$client" ] || fail "$name at $width px: the page is $scroll px wide in a $client px window (horizontal overflow)"
        [ "$(attr "$p" data-filter-shown)" = yes ] || fail "$name at $width px: the filter bar is not shown with scripts on"
        [ "$(attr "$p" data-teams-shown)" = "$teams" ] || fail "$name at $width px: filter 'teams' showed $(attr "$p" data-teams-shown) rows, summary.json has $teams teams"
        shown=$(attr "$p" data-search-shown)
        [ -n "$shown" ] && [ "$shown" -ge 1 ] && [ "$(attr "$p" data-search-all-match)" = yes ] || fail "$name at $width px: search for '$word' showed $shown rows (or rows without it)"
        echo "report-render: $name at $width px: $scroll px wide, loaded in $(attr "$p" data-load-ms) ms, filter ok in $(attr "$p" data-filter-ms) ms (teams $teams, '$word' $shown rows)"
    done
    seconds=$(awk "BEGIN { printf \"%.1f\", $end - $start }")
    echo "report-render: $name: ok ($(wc -c <"$page") bytes, desktop screenshot in $seconds s, screenshots $work/$name-*.png)"
}

demo="$root/Datasets/demo"
"$cohort" match "$demo/members.csv" --projects "$demo/projects.csv" --policy "$demo/policy.toml" --out "$work/demo" --quiet
render demo "$work/demo"

"$cohort" generate --members "$members" --seed 5 --out "$work/roster$members" --quiet
"$cohort" match "$work/roster$members/members.csv" --projects "$work/roster$members/projects.csv" --policy "$work/roster$members/policy.toml" \
    --out "$work/m$members" --quiet
render "m$members" "$work/m$members"
echo "report-render: all checks passed ($work)"

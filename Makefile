# The two commands an organizer or CI needs; both install what is missing.
#   make demo       — match the bundled demo roster into out/demo
#   make test       — run the whole test suite (what CI runs)
#   make test-fast  — the unit suite only: skips the tests tagged .slow (README, Tests)
#   make fuzz       — the reader fuzzer, 200,000 mutants (a few seconds' worth run in make test)
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO := Datasets/demo

.PHONY: setup test-setup demo test test-fast build bench install fuzz

# GLPK is the only system dependency (Debian/Ubuntu: libglpk-dev).
setup:
	@if [ ! -f /usr/include/glpk.h ]; then \
		echo "installing libglpk-dev (GLPK)…" >&2; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libglpk-dev >&2; \
	fi

# The calendar tests parse every .ics with a real iCalendar parser (Python's icalendar) and
# expand every occurrence (recurring-ical-events, Tests/ics_check.py);
# the report test renders report.html in headless Chromium (Debian's chromium).
test-setup: setup
	@python3 -c 'import icalendar, recurring_ical_events' 2>/dev/null || python3 -m pip install -q icalendar recurring-ical-events >&2 || \
		echo "warning: could not install Python icalendar and recurring-ical-events; the .ics tests will be skipped" >&2
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing chromium (report rendering test)…" >&2; \
		( $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >&2 ) || \
		echo "warning: could not install chromium; the report rendering test will be skipped" >&2; }

build: setup
	$(SWIFT) build -c release --product cohort

# cohort on the PATH, with bash, zsh and fish completions (PREFIX=$$HOME/.local for one user).
PREFIX ?= /usr/local
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 .build/release/cohort $(DESTDIR)$(PREFIX)/bin/cohort
	.build/release/cohort --generate-completion-script bash >$(DESTDIR)$(PREFIX)/share/bash-completion/completions/cohort
	.build/release/cohort --generate-completion-script zsh >$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_cohort
	.build/release/cohort --generate-completion-script fish >$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/cohort.fish

demo: build
	.build/release/cohort match $(DEMO)/members.csv --projects $(DEMO)/projects.csv --policy $(DEMO)/policy.toml --out out/demo

test: test-setup
	$(SWIFT) build --product cohort
	$(SWIFT) test

# COHORT_TESTS=fast turns off the slow suite (`.tags(.slow), .inSlowSuite`: large
# rosters, wall-clock checks, end-to-end runs); the CLI's validate and usage tests stay.
test-fast: setup
	$(SWIFT) build --product cohort
	COHORT_TESTS=fast $(SWIFT) test

# The reader fuzzer (Tests/CohortCoreTests/Fuzz) for longer than `make test` runs it:
# FUZZ_ITERATIONS mutants from FUZZ_SEED (default: from the clock, printed). The mutant
# being read is kept in .build/fuzz-current.* — after a crash, those files are the input.
FUZZ_ITERATIONS ?= 200000
FUZZ_SEED ?= $(shell date +%s)
fuzz: setup
	@echo "fuzzing the CSV, roster and policy readers: $(FUZZ_ITERATIONS) mutants from seed $(FUZZ_SEED)" >&2
	COHORT_FUZZ_ITERATIONS=$(FUZZ_ITERATIONS) COHORT_FUZZ_SEED=$(FUZZ_SEED) COHORT_FUZZ_SAVE=$(CURDIR)/.build/fuzz-current \
		$(SWIFT) test --filter ReaderFuzzTests

bench: setup
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

# Ladder's everyday commands. `make example` and `make test` work from a clean clone on a
# Debian machine with the Swift toolchain: they install the system packages they need first.

SWIFT ?= swift
LADDER = .build/debug/ladder
PREFIX ?= /usr/local
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps browser build release install example test tsan lint bench bench-large clean html-check mutate fuzz fuzz-smoke

# Lua 5.4 headers and library (linked, never vendored), SQLite and zlib for the decision history,
# luacheck for rule packs, and Python's jsonschema for the schema test.
deps:
	@if ! pkg-config --exists lua5.4 sqlite3 zlib 2>/dev/null || ! command -v luacheck >/dev/null; then \
		echo "installing liblua5.4-dev, libsqlite3-dev, zlib1g-dev and lua-check"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq liblua5.4-dev libsqlite3-dev zlib1g-dev pkg-config lua-check >/dev/null; \
	fi
	@# an independent JSON Schema validator checks `ladder schema` against the examples
	@python3 -c "import jsonschema" 2>/dev/null || { echo "installing jsonschema"; python3 -m pip install -q jsonschema; }

# Headless Chromium, for the tests that look at the HTML report as a person does.
browser:
	@command -v chromium >/dev/null || { echo "installing chromium"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

build: deps
	$(SWIFT) build

# An optimised build, several times faster than the debug one on client-size snapshots.
release: deps
	$(SWIFT) build -c release

# Installs the release build as $(PREFIX)/bin/ladder (DESTDIR for packaging).
install: release
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 755 .build/release/ladder "$(DESTDIR)$(PREFIX)/bin/ladder"

# Ladder's main job on the shipped example: the core pack's report for Northwind Traders.
example: build
	$(LADDER) evaluate --pack rules/core examples/northwind/snapshot.json

# Every test: the lint of rule packs, the Swift suites (bridge, sandbox, snapshots, packs, rule
# cases, CLI goldens, the HTML report in headless Chromium), then the packs' own cases, pinned
# verdicts, coverage and mutation score through `ladder test` (each pack's tests must catch 90%
# of the mutants of its own Lua).
test: deps browser lint
	$(SWIFT) test
	$(LADDER) test rules --golden --coverage-threshold 100 --mutate-threshold 90 \
		--junit .build/ladder-test-results.xml --mutate-json .build/mutation.json

# Every mutant of the core pack with its fate: which case killed it, which survived, which are
# equivalent and why.
mutate: build
	$(LADDER) test rules/core --golden --mutate --verbose

# The bridge and library suites under ThreadSanitizer: workers share nothing Lua-side, and the
# pool's hand-offs are race-free. A separate build folder keeps the instrumented objects apart.
tsan: deps
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan --filter 'LuaBridgeTests|LadderTests' --skip BrowserTests

# libFuzzer targets under AddressSanitizer and LeakSanitizer (docs/fuzzing.md): the snapshot
# reader, the pack manifest reader, the pack test file reader and the Lua bridge. `fuzz` runs a
# million inputs each; `fuzz-smoke` a few seconds each (CI).
fuzz: deps
	bash Fuzz/build.sh
	bash Fuzz/run.sh 1000000

fuzz-smoke: deps
	bash Fuzz/build.sh
	bash Fuzz/run.sh smoke

lint: deps
	luacheck --quiet rules

# Ladder against lua5.4 + lua-cjson on the same synthetic snapshot (docs/performance.md):
# 1,000 managers (400,000 deals, 95 MB); bench-large adds 5,000 managers (2 million deals).
bench: release
	bash benchmarks/run.sh 1000 3

bench-large: release
	bash benchmarks/run.sh 1000,5000 3

clean:
	rm -rf .build .build-tsan .build-fuzz

# Renders every example's HTML report and screenshots it with headless Chromium, to look at
# the report as a person does (out/<example>.png).
html-check: build browser
	@mkdir -p out
	@for s in examples/*/snapshot.json; do \
		name=$$(basename $$(dirname $$s)); \
		$(LADDER) evaluate --pack rules/core $$s --format html --output out/$$name.html; \
		chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,2400 \
			--screenshot=out/$$name.png file://$$PWD/out/$$name.html 2>/dev/null; \
		echo "out/$$name.png"; \
	done

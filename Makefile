# browse-load: the two commands are `make browse-load` (a real mixed test against the embedded
# demo ERP, or HOST=http://…) and `make test`. Each installs what it needs first.
SHELL := /bin/bash
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

HOST ?=
DURATION ?= 30s
USERS ?= 50
SPAWN_RATE ?= 10
BROWSER_USERS ?= 2
RUN_FLAGS ?=
CSV ?=
CHROMIUM_PACKAGES := chromium chromium-headless-shell
# The peers that make bench measures beside browse-load (autocannon comes with npm ci).
BENCH_PACKAGES := wrk hey python3-locust

.PHONY: browse-load browse-load-ui test bench bench-tools deps chromium typecheck lint clean install mutation

browse-load: deps chromium
	@node bin/browse-load.js run $(if $(HOST),--host $(HOST),--demo-target) \
	  --users $(USERS) --spawn-rate $(SPAWN_RATE) --run-time $(DURATION) \
	  --browser-users $(BROWSER_USERS) --seed-goals $(if $(CSV),--csv $(CSV)) $(RUN_FLAGS)

# The interactive mode (Locust's web UI): a page at http://127.0.0.1:$(UI_PORT)/ to start runs and
# watch them, its form filled from these knobs; Ctrl-C ends it. Without HOST the embedded demo
# target is started (and stopped afterwards), as for browse-load.
UI_PORT ?= 8089
UI_FLAGS ?=
browse-load-ui: deps chromium
	@node bin/browse-load.js ui $(if $(HOST),--host $(HOST),--demo-target) --port $(UI_PORT) \
	  --users $(USERS) --spawn-rate $(SPAWN_RATE) --run-time $(DURATION) \
	  --browser-users $(BROWSER_USERS) $(UI_FLAGS)

test: deps chromium
	npm run --silent typecheck
	npm run --silent lint
	@mkdir -p results; status=0; \
	npx vitest run --reporter=default --reporter=json --outputFile.json=results/vitest.json || status=$$?; \
	node -e 'const r=require("./results/vitest.json"); console.log(`vitest: $${r.numPassedTests} passed, $${r.numFailedTests} failed, $${r.numPendingTests} skipped`)' || true; \
	exit $$status

# Every part in turn, tables printed and written to results/bench-<date>.md (BENCH_SECONDS=10,
# BENCH_LONG=1 adds the 30-minute memory run).
bench: deps chromium bench-tools
	npx tsx bench/main.ts

# Debian's wrk, hey and Locust, installed with apt when missing and we are root. A package apt does
# not know is skipped with one line (bench then skips that tool); it never fails the bench.
bench-tools:
	@missing=""; for p in $(BENCH_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "bench: missing$$missing: run 'sudo apt-get install$$missing'; those tools are skipped" >&2; exit 0; \
	  fi; \
	  ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1 || apt-get update -qq; \
	  for p in $$missing; do \
	    if apt-cache show $$p >/dev/null 2>&1; then \
	      echo "Installing Debian's $$p with apt…"; \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$p >/dev/null || echo "bench: could not install $$p; that tool is skipped" >&2; \
	    else \
	      echo "bench: Debian has no package $$p; that tool is skipped" >&2; \
	    fi; \
	  done; \
	fi

# StrykerJS over the core's rules in passes (scripts/mutation.ts: the HDR histogram's,
# stryker.hdr.config.mjs, the named rules', stryker.rules.config.mjs, then the rest's,
# stryker.config.mjs), each against the tests in its vitest.mutation*.config.ts, with our
# TypeScript checker (scripts/mutation-checker.mjs); not part of `make test` (it takes minutes).
# MUTATE=src/audit (a folder) or MUTATE='src/config/thresholds.ts,src/result/*.ts' (files, globs)
# narrows it. The last line is the score over the passes that ran, from Stryker's JSON reports.
MUTATE ?=
MUTATION_CONCURRENCY ?= 2
mutation: deps
	npx tsx scripts/mutation.ts --concurrency $(MUTATION_CONCURRENCY) '$(MUTATE)'

# `browse-load` on the PATH, from any folder: npm links this checkout into its global prefix
# (`npm prefix -g`, /usr/local as root; npm_config_prefix=DIR or PREFIX=DIR picks another), bin
# and all, so the command runs this folder's compiled dist/ (built first by deps) and a later
# `git pull && make deps` updates it. Its scripts are not run again: deps built it already.
# `npm uninstall -g browse-load` removes the link.
install: deps
	npm install --global --no-audit --no-fund --ignore-scripts $(if $(PREFIX),--prefix $(PREFIX)) .
	@echo "browse-load: installed as $$(npm prefix --global $(if $(PREFIX),--prefix $(PREFIX)))/bin/browse-load"

typecheck: deps
	npm run --silent typecheck

lint: deps
	npm run --silent lint

# npm ci again whenever the lockfile changes (node_modules/.package-lock.json is npm's own record);
# npm ci compiles the CLI into dist/ (npm's prepare), and it is compiled again whenever a source is
# newer than dist/ (bin/build.js --if-stale does nothing otherwise).
deps: node_modules/.package-lock.json
	@node bin/build.js --if-stale
node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

# Debian's Chromium, never a downloaded browser. Installed with apt when missing and we are root.
chromium:
	@if [ ! -x /usr/bin/chromium-headless-shell ] || [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's $(CHROMIUM_PACKAGES) with apt…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(CHROMIUM_PACKAGES) >/dev/null; \
	  else \
	    echo "browse-load: Chromium is missing: run 'sudo apt-get install $(CHROMIUM_PACKAGES)' (or set CHROMIUM_PATH)" >&2; exit 4; \
	  fi; \
	fi

clean:
	rm -rf results/*/ results/*.csv results/vitest.json

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

.PHONY: browse-load test bench deps chromium typecheck lint clean

browse-load: deps chromium
	@node bin/browse-load.js run $(if $(HOST),--host $(HOST),--demo-target) \
	  --users $(USERS) --spawn-rate $(SPAWN_RATE) --run-time $(DURATION) \
	  --browser-users $(BROWSER_USERS) --seed-goals $(if $(CSV),--csv $(CSV)) $(RUN_FLAGS)

test: deps chromium
	npm run --silent typecheck
	npm run --silent lint
	@mkdir -p results; status=0; \
	npx vitest run --reporter=default --reporter=json --outputFile.json=results/vitest.json || status=$$?; \
	node -e 'const r=require("./results/vitest.json"); console.log(`vitest: $${r.numPassedTests} passed, $${r.numFailedTests} failed, $${r.numPendingTests} skipped`)' || true; \
	exit $$status

bench: deps chromium
	npx tsx bench/protocol.ts
	npx tsx bench/browser.ts

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

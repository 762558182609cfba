# A thin layer over meson so the README's two commands are all a new user needs.
#   make demo   install dependencies, build, start the kiosk (window, or Xvfb + screenshot)
#   make test   install dependencies, build with ASan+UBSan and -Werror, run every test
#   make bench  run the benchmarks (long); make fuzz  run the fuzzers (long)
#   make package       build sewa-kiosk_*.deb in build-package/ and check it (lintian, contents)
#   make package-test  install that package into a fresh Debian 12 root and run it there

BUILD      ?= build
TESTBUILD  ?= build-test
FUZZBUILD  ?= build-fuzz
PKGBUILD   ?= build-package
MESON_TEST_ARGS ?=

.PHONY: all deps build demo test bench fuzz package package-test clean

all: build

deps:
	@bash scripts/install-deps

$(BUILD)/build.ninja:
	meson setup $(BUILD) -Dbuildtype=debugoptimized

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

demo: build
	@bash scripts/demo $(BUILD)

$(TESTBUILD)/build.ninja:
	meson setup $(TESTBUILD) -Dbuildtype=debug -Dwerror=true -Db_sanitize=address,undefined \
	  -Db_lundef=false

test: deps $(TESTBUILD)/build.ninja
	meson compile -C $(TESTBUILD)
	meson test -C $(TESTBUILD) --print-errorlogs --num-processes 2 $(MESON_TEST_ARGS); \
	  status=$$?; python3 scripts/test-summary $(TESTBUILD)/meson-logs/testlog.json; exit $$status

bench: build
	@bash bench/run-all $(BUILD)

fuzz: deps
	@bash scripts/fuzz $(FUZZBUILD)

package: deps
	@bash scripts/build-package $(PKGBUILD)

# Needs root (chroot, mounts) and the Debian archive; not part of CI.
package-test: package
	@bash scripts/package-test $(PKGBUILD)

clean:
	rm -rf $(BUILD) $(TESTBUILD) $(FUZZBUILD) $(PKGBUILD)

# SPDX-License-Identifier: GPL-2.0
#
# Driver for the fips140 kernel series: see README.md.
#
#   make                 build the default config, boot it, show what a user checks
#   make check           the test suite in KTAP (last line: "N passed, N failed")
#   make help            all targets and variables

CONFIG  ?= minimal-fips140
BASE    ?=
APPEND  ?=
FORCE   ?=
PATCH   ?=
FILES   ?=
SEED    ?=
RUNS    ?=
T       ?=
WORK    ?= $(CURDIR)/work
FIPS140_CACHE ?= $(HOME)/.cache/fips140-kernel
export WORK FIPS140_CACHE BASE

PYTHON  := /usr/bin/python3 -B
KDEV    := $(PYTHON) $(CURDIR)/mk/kdev
SUITE   := $(CURDIR)/mk/check.sh
DEPS_IN := mk/deps.sh tools/testing/fips140/arch.sh tools/testing/fips140/arch/x86_64.sh
DEPS_STAMP := $(WORK)/.deps-$(shell cd $(CURDIR) && cat $(DEPS_IN) | md5sum | cut -c1-12)

.DEFAULT_GOAL := main
.PHONY: main bench check check-full check-list check-random check-debian check-extra check-reuse check-system help deps tree refresh series config build deb boot \
	configs clean distclean

help:
	@echo 'fips140 kernel series driver'
	@echo
	@echo 'Main jobs:'
	@echo '  make               build CONFIG, boot it in QEMU, print uname -r, lsmod,'
	@echo '                     the /proc/crypto module/selftest lines and fips mode'
	@echo '  make check         the test suite, in KTAP; ends with "N passed, N failed"'
	@echo '  make check T=glob  only the checks (or stages) whose name matches the'
	@echo '                     shell glob, and the builds and checks they need'
	@echo '  make check-list    the stages and checks of check-full, by name, without'
	@echo '                     running them (with T=glob: those check-full T=glob runs)'
	@echo '  make check-full    the suite, the series built at every step, the arm64'
	@echo '                     feature-off comparison, the reuse matrix, the Debian'
	@echo '                     system with its control and update, 12 random'
	@echo '                     crypto configs, Debian'"'"'s cloud-amd64 config'
	@echo '  make check-reuse   the reuse matrix only (a stage of check-full):'
	@echo '                     minimal-fips140 on every served base of'
	@echo '                     patches/6.12/BASE, each one'"'"'s module set judged in'
	@echo '                     each later one'"'"'s kernel; writes the table'
	@echo '  make check-random SEED=n'
	@echo '                     build and boot the random crypto config of seed n'
	@echo '  make check-debian  build, install and boot Debian'"'"'s cloud-amd64 config'
	@echo '                     with the feature (a stage of check-full)'
	@echo '  make check-system  the Debian system stages only: system-fips140 as'
	@echo '                     bindeb-pkg packages it, installed with apt into'
	@echo '                     Debian 12, booted with systemd, used by dm-crypt,'
	@echo '                     IPsec, kTLS and libkcapi, against its feature-off'
	@echo '                     twin; then an update package installed with apt'
	@echo '                     around the certified module (stages of check-full)'
	@echo '  make check-extra   the arm64 stages only: arm64-fips140, arm64-bti-fips140'
	@echo '                     (clang, BTI enforced), the feature off against the'
	@echo '                     unpatched arm64 build'
	@echo '  make bench         what the feature costs: minimal vs minimal-fips140'
	@echo '                     (and the arm64 pair if built), interleaved boots:'
	@echo '                     calls, AF_ALG throughput, boot, memory, build;'
	@echo '                     writes $$WORK/bench/latest.md and latest.png'
	@echo
	@echo 'Workflow:'
	@echo '  make tree          the work tree: the base with the series as commits'
	@echo '  make refresh       work-tree edits and commits back into the repo'
	@echo '  make series        export a git-am series + cover letter to $$WORK/series'
	@echo '  make build         out-of-tree build of CONFIG (ccache, -j$$(nproc))'
	@echo '  make boot          boot CONFIG in QEMU, run the guest checks, keep the log'
	@echo '  make deb           the Debian packages of CONFIG (the kernel'"'"'s bindeb-pkg),'
	@echo '                     in its build dir'"'"'s debs/'
	@echo '  make configs       list the test configs'
	@echo '  make clean         remove the build dirs ($$WORK/*/build,'
	@echo '                     $$WORK/*/pristine/build)'
	@echo '  make distclean     remove $$WORK (the cache in $$FIPS140_CACHE stays)'
	@echo
	@echo 'Variables:'
	@echo '  T=glob             `make check`, `make check-full`: run the matching'
	@echo '                     checks only, e.g. T="harness*" or T="*arm64*"'
	@echo '  CONFIG=name        test config (tools/testing/fips140/configs), default: $(CONFIG)'
	@echo '  BASE=version       linux-source-6.12 version (default: the pin in'
	@echo '                     patches/6.12/BASE; BASE=newest for the newest served)'
	@echo '  APPEND="..."       extra kernel command line for `make boot`'
	@echo '  SEED=n             `make check`, `make check-full`: the seed of the bits'
	@echo '                     the integrity checks flip (printed by each run;'
	@echo '                     default: a new one); `make check-random`: the config'
	@echo '  RUNS=n             `make bench`: boots of each kind per config (default 5)'
	@echo '  FORCE=1            `make tree`: discard edits made in the work tree'
	@echo '  PATCH=name         `make refresh`: the patch for edits to files no patch'
	@echo '                     touches yet (others go to the last patch touching them)'
	@echo '  FILES="a b"        `make refresh PATCH=name`: move the edits of these files'
	@echo '                     into that patch'
	@echo '  WORK=dir           work trees, builds, logs (default: ./work)'
	@echo '  FIPS140_CACHE=dir  downloads, base trees, ccache, signing key'
	@echo '                     (default: ~/.cache/fips140-kernel)'

$(DEPS_STAMP): $(DEPS_IN)
	@bash mk/deps.sh
	@mkdir -p $(WORK) && touch $@

deps: $(DEPS_STAMP)

tree: deps
	@$(KDEV) tree $(if $(FORCE),--force)

refresh: deps
	@$(KDEV) refresh $(if $(PATCH),--patch $(PATCH)) $(FILES)

series: deps
	@$(KDEV) series

configs:
	@$(KDEV) configs

config: tree
	@$(KDEV) config $(CONFIG)

build: tree
	@$(KDEV) build $(CONFIG)

deb: build
	@$(KDEV) deb $(CONFIG)

boot: build
	@bash mk/boot.sh --config $(CONFIG) $(if $(APPEND),--append "$(APPEND)")

main: build
	@bash mk/boot.sh --config $(CONFIG) --report

bench: tree
	@$(PYTHON) mk/bench.py $(if $(RUNS),--runs $(RUNS))

check: deps
	@FIPS140_CHECK_T="$(T)" FIPS140_FLIP_SEED="$(SEED)" bash $(SUITE)

check-full: deps
	@FIPS140_CHECK_FULL=1 FIPS140_CHECK_T="$(T)" FIPS140_FLIP_SEED="$(SEED)" bash $(SUITE)

check-list:
	@FIPS140_CHECK_LIST=1 FIPS140_CHECK_T="$(T)" bash $(SUITE)

check-random: deps
	@$(if $(SEED),,echo 'make check-random: SEED=<n> is required' >&2; exit 2;) \
	FIPS140_CHECK_ONLY=random FIPS140_RANDOM_SEEDS="$(SEED)" bash $(SUITE)

check-debian: deps
	@FIPS140_CHECK_ONLY=debian bash $(SUITE)

check-system: deps
	@FIPS140_CHECK_ONLY=system bash $(SUITE)

check-reuse: deps
	@FIPS140_CHECK_FULL=1 FIPS140_CHECK_T='reuse: the matrix of the served bases*' bash $(SUITE)

check-extra: deps
	@FIPS140_CHECK_ONLY=extra bash $(SUITE)

clean:
	rm -rf $(WORK)/*/build $(WORK)/*/pristine/build

distclean:
	rm -rf $(WORK)

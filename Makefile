# The front door. `make demo` and `make test` are the README's two commands: each installs
# what is missing (Debian packages only), builds, and runs.
.PHONY: all bootstrap build demo test asan test-asan fuzz bench format format-check tidy clean

# ccache shares results between clones of the repository (CI builds in a fresh clone).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

JOBS ?= $(shell nproc)
SOURCES = $(shell git ls-files '*.cpp' '*.h' 2>/dev/null)

all: build

bootstrap:
	./scripts/bootstrap

build: bootstrap
	cmake --preset default
	cmake --build --preset default -j $(JOBS)

demo: build
	./build/bin/glasscore demo

test: build
	ctest --preset default -j $(JOBS)

asan: bootstrap
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)

test-asan: asan
	ctest --preset asan -j $(JOBS)

# libFuzzer targets (clang), each run for GLASSCORE_FUZZ_SECONDS from its seed corpus.
fuzz: bootstrap
	cmake --preset fuzz
	cmake --build --preset fuzz -j $(JOBS) --target glasscore_fuzz_targets
	ctest --preset fuzz

bench: build
	./scripts/run-benchmarks

format:
	clang-format -i $(SOURCES)

format-check:
	clang-format --dry-run --Werror $(SOURCES)

tidy: build
	run-clang-tidy -quiet -p build $(filter %.cpp,$(SOURCES))

clean:
	rm -rf build build-debug build-asan build-fuzz

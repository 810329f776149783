# alliancesim: build, run, test, bench.
# The two commands a new user needs: `make run` and `make test`.

GO      ?= go
BIN     := bin/alliancesim
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
PKGS    := ./...
# staticcheck, pinned to a release that builds with the go line of go.mod,
# installed into bin/ (ignored by git) by `make lint`.
STATICCHECK_VERSION := v0.8.2
STATICCHECK         := $(CURDIR)/bin/staticcheck

.PHONY: all build run test test-slow race bench lint fuzz fuzz-short calibrate calibrate-check slurm-demo gallery golden clean

all: build

## build: compile the command into bin/alliancesim (without -trimpath, so that make test, after make run, compiles only the tests: -trimpath changes every package's build)
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/alliancesim

## run: build and run the bundled baseline scenario; results and charts go to out/baseline/
run: build
	./$(BIN) run baseline

## test: vet, then every test (calibration, determinism, golden files, the fuzz targets' seed corpora) but the long statistical ones of make test-slow; the fuzzing itself is make fuzz-short's
test:
	$(GO) vet $(PKGS)
	$(GO) test -count=1 $(PKGS)

## test-slow: the long statistical tests that make test skips (CI runs it after make test): the synthetic recovery with effect priors, about 20 s on two idle cores
test-slow:
	SLOW_TESTS=1 $(GO) test -count=1 -timeout 30m -run '^TestSyntheticRecoveryEffectPriors$$' -v ./calibrate

## race: the tests under the race detector
race:
	$(GO) test -race -count=1 $(PKGS)

## bench: engine and chart benchmarks (figures for the issue notes)
bench:
	$(GO) test -run='^$$' -bench=. -benchmem $(PKGS)

## bench-ratio: the engine against the bare reference loop (../shared/bench/refloop), 1,000,000 ten-year draws on 2 workers, alternately 5 times: the median ratio
bench-ratio:
	mkdir -p bin
	cd ../shared/bench/refloop && $(GO) build -o $(CURDIR)/bin/refloop .
	$(GO) build -o bin/benchratio ./scripts/benchratio
	./bin/benchratio --ref bin/refloop --draws 1000000 --workers 2 --rounds 5 --lhs

## lint: formatting, vet, a tidy go.mod/go.sum, and staticcheck
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run 'go mod tidy'"; exit 1; }
	GOBIN=$(CURDIR)/bin $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	$(STATICCHECK) $(PKGS)

## fuzz-short: a brief fuzz of the scenario loader, of the config loader and --set (with the settings they resolve) and of the results readers (CI runs it after make test). Not part of make test: a fuzz for a fixed time is not a repeatable test, and it took 15 s of make test's wall time on both cores
fuzz-short:
	$(GO) test -run='^$$' -fuzz=FuzzLoad -fuzztime=15s -fuzzminimizetime=100x ./scenarios
	$(GO) test -run='^$$' -fuzz=FuzzConfigAndSet -fuzztime=5s -fuzzminimizetime=100x ./cmd/alliancesim
	$(GO) test -run='^$$' -fuzz=FuzzReaders -fuzztime=5s -fuzzminimizetime=100x ./results

## fuzz: a longer fuzz of the scenario loader
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzLoad -fuzztime=2m -fuzzminimizetime=100x ./scenarios

## slurm-demo: a job array of 4 shards and a merge job on the Slurm cluster SLURM_CONF names; checks the merge equals a single run
slurm-demo: build
	ALLIANCESIM=$(CURDIR)/$(BIN) deploy/slurm/demo.sh

## calibrate-check: the long synthetic-recovery check of the weight calibration (four true weight vectors)
calibrate-check:
	ALLIANCESIM_CALIBRATE_CHECK=4 $(GO) test -count=1 -timeout 60m -run TestSyntheticRecovery -v ./calibrate

## calibrate: print the calibration figures (docs/model.md, Calibration)
calibrate:
	$(GO) test -count=1 -run 'TestCalibration|TestDirections|TestHindcastPath' -v ./scenarios | grep -E '^(=== RUN|--- |ok|FAIL)|target|ΔP'

## gallery: regenerate the README's charts from the baseline (docs/gallery/)
gallery: build
	./$(BIN) run baseline --draws 100000 --seed 1 -o out/gallery --dpi 150 >/dev/null
	mkdir -p docs/gallery
	cp out/gallery/alliance.png out/gallery/states.png docs/gallery/

## golden: regenerate golden files, and the outputs of the examples in README.md and docs/, after an intended change (review the diff!)
golden:
	$(GO) test ./scenarios ./plots ./cmd/... ./model ./report ./internal/doctest -update

## docs: regenerate the outputs of the examples in README.md and docs/, and the generated sections of docs/cli.md (the flag lists), after an intended change (review the diff!)
docs:
	$(GO) test ./cmd/alliancesim -run TestDocCommands -update
	$(GO) test ./internal/doctest -update

clean:
	rm -rf bin out

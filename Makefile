# AA Logon. `make demo` runs the client on an embedded simulator; `make test`
# runs everything CI runs. Both install the Debian packages they need.
#
# The fast loop is cgo-free: CGO_ENABLED=0 with the `nousb` tag (no libusb)
# and Fyne's `ci` tag (headless driver). The race detector needs cgo, so the
# race tests build with gcc but still with those tags: no GL, no X headers.

GO        ?= go
FAST_TAGS := ci,nousb
BIN       := bin/aalogon
VERSION   := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
COMMIT    := $(shell git rev-parse --short HEAD 2>/dev/null || echo none)
DATE      := $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS   := -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)

# Debian packages: building the windowed app (Fyne's GL driver, gousb) and testing.
APT_BUILD := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
             libxinerama-dev libxi-dev libxxf86vm-dev libusb-1.0-0-dev
APT_TEST  := gcc pkg-config libusb-1.0-0-dev umockdev
APT_GUI   := xvfb xauth xdotool imagemagick dbus-daemon
APT_KEYRING := gnome-keyring libsecret-tools dbus-daemon
APT_PACKAGE := dpkg rpm
APT_WINDOWS := gcc-mingw-w64-x86-64 imagemagick osslsigncode autoconf automake libtool make \
               wixl msitools
# Running the Windows build: Wine 8 (64-bit only), a display for the window,
# a network namespace with loopback only (unshare, ip), openssl for the
# test signing certificate and the TOTP codes.
APT_WINE    := wine wine64 xvfb xauth xdotool imagemagick iproute2 util-linux openssl
# libusb for mingw, built once from source (scripts/libusb-mingw); a fixed
# path keeps the Go build cache warm across checkouts.
LIBUSB_WIN  := $(HOME)/.cache/aalogon/libusb-win64
VERSION_RC  := $(shell echo $(VERSION) | awk -F. '{printf "%d,%d,%d,0", $$1, $$2, $$3}')
WIN_MSI     := dist/aalogon-$(VERSION)-x64.msi
# windows-test upgrades WIN_MSI to a newer version of the same product.
NEXT_VERSION := $(shell echo $(VERSION) | awk -F. '{printf "%d.%d.%d", $$1, $$2, $$3+1}')
NFPM      := $(CURDIR)/bin/tools/nfpm
FYNE      := $(CURDIR)/bin/tools/fyne
GUI_SHOTS := build/gui-screenshots

.PHONY: all demo test gui-test bench-window keyring-test package package-test windows windows-test vet unit build build-fast deps-build deps-test clean

all: build

## demo: the window against an embedded simulator and a virtual reader
demo: build
	@echo "Sign in as denis, password Passw0rd; then 'Touch the virtual reader'."
	./$(BIN) --demo

## test: vet, layer check, race tests of every package (integration included),
## and the real libusb path: gousb under umockdev replaying recorded readers
test: deps-test vet
	./scripts/check-arrows
	CGO_ENABLED=1 $(GO) test -race -tags $(FAST_TAGS) -count=1 $$($(GO) list -tags $(FAST_TAGS) ./... | grep -v '/device/fingerprint$$')
	# Single-threaded image code, many times slower under the race detector:
	CGO_ENABLED=0 $(GO) test -tags $(FAST_TAGS) -count=1 ./device/fingerprint/
	# The soak's RSS, judged only without the race detector's own memory:
	CGO_ENABLED=0 $(GO) test -tags $(FAST_TAGS) -count=1 -run '^TestSoak$$' ./ui/
	CGO_ENABLED=1 $(GO) test -race -count=1 -run 'TestLibUSBUnderUmockdev' ./device/usb/
	$(MAKE) gui-test
	$(MAKE) keyring-test
	$(MAKE) package-test
	$(MAKE) windows-test

## keyring-test: saved passwords against a real Secret Service (gnome-keyring
## in its own D-Bus session): save, use, forget, and no password in any file
keyring-test: build
	./scripts/apt-ensure $(APT_KEYRING)
	XDG_RUNTIME_DIR=$$(mktemp -d) dbus-run-session -- ./scripts/keyring-e2e

## gui-test: the real window under Xvfb, driven by xdotool from sign-in to
## signed in; screenshots in build/gui-screenshots, and a picture of every
## screen in every theme and language in build/gui-screenshots/screens
## (docs/screens.md)
gui-test: build
	./scripts/apt-ensure $(APT_GUI)
	rm -rf $(GUI_SHOTS)
	AALOGON_SHOTS=$(CURDIR)/$(GUI_SHOTS)/screens CGO_ENABLED=0 $(GO) test -tags $(FAST_TAGS) -count=1 -run TestScreens ./ui/
	XDG_RUNTIME_DIR=$$(mktemp -d) dbus-run-session -- xvfb-run -a -s '-screen 0 1280x800x24' \
		./scripts/gui-e2e $(GUI_SHOTS)

## bench-window: start-up, memory and idle CPU of `aalogon --demo` against a
## bare Fyne window (internal/tools/floor), 10 alternating rounds under Xvfb
bench-window: build
	./scripts/apt-ensure $(APT_GUI)
	CGO_ENABLED=1 $(GO) build -o bin/floor ./internal/tools/floor
	XDG_RUNTIME_DIR=$$(mktemp -d) dbus-run-session -- xvfb-run -a -s '-screen 0 1280x800x24' \
		./scripts/bench-window 10

vet:
	CGO_ENABLED=0 $(GO) vet -tags $(FAST_TAGS) ./...

## package: the Fyne archive, .deb and .rpm in dist/, version from FyneApp.toml
package: build $(NFPM) $(FYNE)
	./scripts/apt-ensure $(APT_PACKAGE)
	mkdir -p dist
	# fyne rewrites FyneApp.toml (Build++): put it back whatever happens.
	cp FyneApp.toml dist/FyneApp.toml.keep; \
		$(FYNE) package -os linux --exe $(BIN); rc=$$?; \
		cp dist/FyneApp.toml.keep FyneApp.toml; rm dist/FyneApp.toml.keep; exit $$rc
	mv "AA Logon.tar.xz" dist/aalogon-$(VERSION)-linux-amd64.tar.xz
	VERSION=$(VERSION) $(NFPM) package -f packaging/nfpm.yaml -p deb -t dist/
	VERSION=$(VERSION) $(NFPM) package -f packaging/nfpm.yaml -p rpm -t dist/

## package-test: the packages' files, scripts, and that the packaged binary runs
package-test: package
	./scripts/package-test $(VERSION)

## windows: dist/aalogon.exe cross-built with mingw, with icon and version
## resource and USB readers (libusb linked statically), and its installer
## dist/aalogon-VERSION-x64.msi (wixl); both signed when SIGN_CERT and
## SIGN_KEY name a code-signing certificate and key.
windows:
	./scripts/apt-ensure $(APT_WINDOWS)
	./scripts/libusb-mingw $(LIBUSB_WIN)
	mkdir -p dist/windows
	convert assets/icon.png -define icon:auto-resize=256,64,48,32,16 dist/windows/icon.ico
	sed 's/@VERSION@/$(VERSION_RC)/; s/@VERSION_STR@/$(VERSION)/' packaging/windows/aalogon.rc.in > dist/windows/aalogon.rc
	cd dist/windows && x86_64-w64-mingw32-windres -O coff -o ../../rsrc_windows_amd64.syso aalogon.rc
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
		PKG_CONFIG_LIBDIR=$(LIBUSB_WIN)/lib/pkgconfig CGO_LDFLAGS=-L$(LIBUSB_WIN)/lib \
		$(GO) build -ldflags "$(LDFLAGS) -H=windowsgui" -o dist/aalogon.exe .
	rm -f rsrc_windows_amd64.syso
	$(call win_sign,dist/aalogon.exe)
	rm -f $(WIN_MSI)
	wixl -a x64 -D Version=$(VERSION) -D Exe=dist/aalogon.exe -D Icon=dist/windows/icon.ico \
		-o $(WIN_MSI) packaging/windows/aalogon.wxs
	$(call win_sign,$(WIN_MSI))

# win_sign FILE: Authenticode (SHA-256) when SIGN_CERT and SIGN_KEY are set.
win_sign = if [ -n "$$SIGN_CERT" ]; then \
		osslsigncode sign -certs "$$SIGN_CERT" -key "$$SIGN_KEY" -n "AA Logon" -h sha256 \
			-in $(1) -out $(1).signed && mv $(1).signed $(1); fi

## windows-test: the .exe is a PE32+ GUI program with the version resource;
## signing and verifying with a throw-away certificate; then under Wine (own
## prefix, loopback only): version, register, logon (password, fingerprint,
## TOTP, wrong password), saved passwords in the Credential Manager, Group
## Policy, device list, the MSI (install, upgrade, removal) and the window
## (screenshots in build/gui-screenshots/windows)
windows-test: windows
	./scripts/apt-ensure $(APT_WINE)
	CGO_ENABLED=0 $(GO) run ./internal/tools/pecheck dist/aalogon.exe $(VERSION)
	./scripts/windows-sign-test dist/aalogon.exe $(WIN_MSI)
	mkdir -p build/windows
	CGO_ENABLED=0 $(GO) build -tags $(FAST_TAGS) -o build/windows/aalogon-sim .
	rm -f build/windows/aalogon-next.msi
	wixl -a x64 -D Version=$(NEXT_VERSION) -D Exe=dist/aalogon.exe -D Icon=dist/windows/icon.ico \
		-o build/windows/aalogon-next.msi packaging/windows/aalogon.wxs
	rm -rf $(GUI_SHOTS)/windows
	./scripts/windows-e2e dist/aalogon.exe build/windows/aalogon-sim $(WIN_MSI) \
		build/windows/aalogon-next.msi $(GUI_SHOTS)/windows

$(FYNE):
	GOBIN=$(CURDIR)/bin/tools $(GO) install fyne.io/tools/cmd/fyne@v1.7.4

$(NFPM):
	GOBIN=$(CURDIR)/bin/tools $(GO) install github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2

## unit: the fast loop, no cgo
unit:
	CGO_ENABLED=0 $(GO) test -tags $(FAST_TAGS) ./...

## build: the windowed client with USB support (cgo; ~4 min cold)
build: deps-build
	CGO_ENABLED=1 $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) .

## build-fast: the client without the GL window and USB (no cgo)
build-fast:
	CGO_ENABLED=0 $(GO) build -tags $(FAST_TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) .

deps-build:
	./scripts/apt-ensure $(APT_BUILD)
	$(GO) mod download

deps-test:
	./scripts/apt-ensure $(APT_TEST)
	$(GO) mod download

clean:
	rm -rf bin dist build

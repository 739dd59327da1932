#!/bin/sh
# Starts the portal's nginx (apps/portal/Dockerfile). The CSP must name the LiveKit server the
# browsers connect to, which only the deployment knows: the config is rendered from the
# template at start into /tmp, the only writable place (the root filesystem is read-only).
set -eu

if [ -z "${LIVEKIT_URL:-}" ]; then
  echo "LIVEKIT_URL is required but not set (the ws:// or wss:// URL browsers connect to LiveKit on)" >&2
  exit 78
fi
# It ends up in a header of the nginx config: only URL characters, no quotes or semicolons.
case "$LIVEKIT_URL" in
  *[!A-Za-z0-9:/._-]*) echo "LIVEKIT_URL contains characters a URL origin does not need" >&2; exit 78 ;;
  ws://* | wss://*) ;;
  *) echo "LIVEKIT_URL must start with ws:// or wss://" >&2; exit 78 ;;
esac
# livekit-client also talks to LiveKit over http(s) (region and connection checks).
LIVEKIT_HTTP_URL="http${LIVEKIT_URL#ws}"
export LIVEKIT_URL LIVEKIT_HTTP_URL

mkdir -p /tmp/nginx
envsubst '${LIVEKIT_URL} ${LIVEKIT_HTTP_URL}' </etc/videotermin/nginx.conf.template >/tmp/nginx/nginx.conf
exec nginx -c /tmp/nginx/nginx.conf -e stderr -g 'daemon off;'

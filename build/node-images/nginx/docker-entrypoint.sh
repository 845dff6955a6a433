#!/bin/sh
# cka-lab node image: the official nginx image's entry point, less its /docker-entrypoint.d
# scripts (templates, IPv6 listen). It only says which configuration is used, then runs
# the command (by default: nginx -g 'daemon off;').
set -e
if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
    echo "$0: Configuration complete; ready for start up"
fi
exec "$@"

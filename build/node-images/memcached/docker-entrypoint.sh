#!/bin/sh
# cka-lab node image: the official memcached image's entry point.
set -e

# first arg is `-f` or `--some-option`: run memcached with it
if [ "${1#-}" != "$1" ]; then
	set -- memcached "$@"
fi

exec "$@"

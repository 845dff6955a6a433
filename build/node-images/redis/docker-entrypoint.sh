#!/bin/sh
# cka-lab node image: the official redis image's entry point, with busybox su in place of gosu.
set -e

# first arg is `-f` or `--some-option`, or first arg is `something.conf`: run redis-server with it
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
	set -- redis-server "$@"
fi

# The official image builds redis with protected mode off (a container is reached from
# other Pods, not from the internet); Debian's build has it on, so it is turned off here
# unless the command sets it.
if [ "$1" = 'redis-server' ]; then
	case " $* " in
		*" --protected-mode "*) ;;
		*) set -- "$@" --protected-mode no ;;
	esac
fi

# allow the container to be started with `runAsUser`; as root, drop to the redis user
if [ "$1" = 'redis-server' ] && [ "$(id -u)" = '0' ]; then
	find . \! -user redis -exec chown redis '{}' +
	exec su -p -s /bin/sh -c 'exec "$0" "$@"' redis -- "$0" "$@"
fi

# set an appropriate umask (if one isn't set already)
um="$(umask)"
if [ "$um" = '0022' ]; then
	umask 0077
fi

exec "$@"

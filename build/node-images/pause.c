/*
 * The pause container of the real node's Pods (cka-lab): it holds the Pod's namespaces
 * open and does nothing else. It sleeps until SIGINT or SIGTERM, then exits 0; as PID 1
 * of a Pod that shares its process namespace it reaps every child that exits, so no
 * zombie stays. Built with `gcc -static` by src/cluster/realnode/images.ts; no library
 * is needed at run time. `pause -v` prints its version.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define VERSION "3.10.1-cka-lab"

static void stop(int sig) {
  (void)sig;
  _exit(0);
}

static void reap(int sig) {
  (void)sig;
  int saved = errno;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved;
}

static int on(int sig, void (*handler)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  return sigaction(sig, &sa, NULL);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "-v") == 0) {
    printf("pause.c %s\n", VERSION);
    return 0;
  }
  if (getpid() != 1)
    fprintf(stderr, "Warning: pause should be the first process\n");
  if (on(SIGINT, stop, 0) < 0 || on(SIGTERM, stop, 0) < 0 ||
      on(SIGCHLD, reap, SA_NOCLDSTOP | SA_RESTART) < 0) {
    perror("sigaction");
    return 1;
  }
  for (;;)
    pause();
  fprintf(stderr, "Error: infinite loop terminated\n");
  return 42;
}

/*
 * How much memory touched after a pause costs on this machine: reads a
 * byte every 256 bytes of a 64 MB buffer in a scattered order, five
 * times, each after PAUSE milliseconds of sleep; with HUGE=1 the buffer
 * is asked for in 2 MB pages (MADV_HUGEPAGE). See BENCHMARKS.md, "Open
 * pages before the page list, and memory out of the caches after a
 * pause".
 *
 *   cc -O2 -o /tmp/cold-memory bench/cold-memory.c
 *   /tmp/cold-memory PAUSE HUGE        e.g. /tmp/cold-memory 300 0
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  int pause = argc > 1 ? atoi(argv[1]) : 300;
  int huge = argc > 2 ? atoi(argv[2]) : 0;
  size_t n = (size_t)64 << 20;
  char *buf = mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (buf == MAP_FAILED) return 1;
  if (huge) madvise(buf, n, MADV_HUGEPAGE);
  for (size_t i = 0; i < n; i++) buf[i] = (char)i;
  for (int round = 0; round < 5; round++) {
    usleep(pause * 1000);
    double t0 = now_ms();
    volatile unsigned long sum = 0;
    for (size_t i = 0; i < n; i += 256) sum += buf[(i * 2654435761u) % n];
    printf("pause %d ms, huge pages %d: %.1f ms\n", pause, huge, now_ms() - t0);
  }
  return 0;
}

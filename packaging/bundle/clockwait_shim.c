/* pthread_cond_clockwait for glibc < 2.30 (packaging/bundle/glibc_floor.py).
 *
 * PySide6's ARM64 wheels are built on glibc 2.31, where libstdc++'s inline
 * std::condition_variable::wait_until(steady_clock) calls pthread_cond_clockwait (new in
 * glibc 2.30) on a condition variable made with the default clock, CLOCK_REALTIME. Before
 * glibc 2.30 libstdc++ converted the steady-clock deadline to the system clock and called
 * pthread_cond_timedwait; this does the same, so a wait that the wall clock jumps across can
 * end early or late, as it did with that libstdc++. Used on every glibc, not only old ones:
 * the Qt libraries are rewritten to ask for it by a version no glibc defines (GLIBC_2.17),
 * which an unversioned definition like this one satisfies.
 */
#include <errno.h>
#include <pthread.h>
#include <time.h>

int pthread_cond_clockwait(pthread_cond_t *cond, pthread_mutex_t *mutex, clockid_t clock,
                           const struct timespec *deadline)
{
    struct timespec now, realtime;
    long long ns;

    if (clock == CLOCK_REALTIME)
        return pthread_cond_timedwait(cond, mutex, deadline);
    if (clock != CLOCK_MONOTONIC)
        return EINVAL;
    clock_gettime(CLOCK_MONOTONIC, &now);
    ns = (long long)(deadline->tv_sec - now.tv_sec) * 1000000000LL
         + (deadline->tv_nsec - now.tv_nsec);
    if (ns < 0)
        ns = 0;
    clock_gettime(CLOCK_REALTIME, &realtime);
    ns += realtime.tv_nsec;
    realtime.tv_sec += ns / 1000000000LL;
    realtime.tv_nsec = ns % 1000000000LL;
    return pthread_cond_timedwait(cond, mutex, &realtime);
}

#include "internal.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

// ---------------------------------------------------------------------------------------------
// Uncounted runs. While a count hook is set, Lua 5.4 calls its hook dispatcher before every
// instruction, due or not: about a tenth of a rule's time. A run whose Lua time stays within
// instructions / LX_MAX_INSTRUCTIONS_PER_SECOND cannot have used its instruction budget, so
// run.c runs it without the hook and keeps what it gave if it ended in that window. One that
// outlives its window is stopped here: a watchdog thread signals the run's thread, whose handler
// sets a hook on the run's Lua state (as lua.c does on Ctrl-C), and the hook trips "recount".
// The caller then runs it again, counted, in a fresh state (docs/decisions.md).

enum { SLOTS = 128 };

// One per thread that has made an uncounted run; `deadline` is 0 while it makes none.
typedef struct watch_slot {
    atomic_int taken;
    _Atomic double deadline;
    pthread_t thread;
} watch_slot;

static watch_slot slots[SLOTS];
static int stop_signal;             // 0 when uncounted runs are unavailable in this process
static pthread_once_t started = PTHREAD_ONCE_INIT;
static pthread_key_t slot_key;      // releases a thread's slot when it exits
static pthread_mutex_t scan_lock = PTHREAD_MUTEX_INITIALIZER;  // a slot's thread lives while the watchdog signals it
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static atomic_int watchdog_asleep;

static _Thread_local int my_slot = -1;
static _Thread_local lua_State *volatile watched;  // the thread's uncounted run, for the handler
static _Thread_local volatile double watched_deadline;

static void on_stop_signal(int signo) {
    (void)signo;
    int saved = errno;
    lua_State *L = watched;
    if (L != NULL && monotonic_now() > watched_deadline) lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    errno = saved;
}

static int any_running(double now, int signal_overdue) {
    int running = 0;
    for (int i = 0; i < SLOTS; i++) {
        double deadline = atomic_load(&slots[i].deadline);
        if (deadline == 0) continue;
        running = 1;
        if (signal_overdue && now > deadline) pthread_kill(slots[i].thread, stop_signal);
    }
    return running;
}

// Checks every millisecond while runs are being made; sleeps after a tenth of a second without.
static void *watch(void *unused) {
    (void)unused;
    int idle = 0;
    const struct timespec tick = {0, 1000000};
    for (;;) {
        pthread_mutex_lock(&scan_lock);
        idle = any_running(monotonic_now(), 1) ? 0 : idle + 1;
        if (idle > 100) {
            // Asleep first, then look again: a run that began after the scan either sees the
            // flag and wakes the watchdog, or is seen here (both sides use sequential atomics).
            atomic_store(&watchdog_asleep, 1);
            while (!any_running(0, 0) && atomic_load(&watchdog_asleep)) pthread_cond_wait(&wake, &scan_lock);
            atomic_store(&watchdog_asleep, 0);
            idle = 0;
        }
        pthread_mutex_unlock(&scan_lock);
        nanosleep(&tick, NULL);
    }
    return NULL;
}

static void release_slot(void *slot) {
    pthread_mutex_lock(&scan_lock);
    watch_slot *s = slot;
    atomic_store(&s->deadline, 0);
    atomic_store(&s->taken, 0);
    pthread_mutex_unlock(&scan_lock);
}

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LX_UNDER_TSAN 1
#endif
#endif

// A real-time signal nobody else handles, and the watchdog's thread; neither found, no uncounted
// runs. Nor under ThreadSanitizer: it holds a signal until the thread calls instrumented code,
// which a loop inside the system's (uninstrumented) Lua never does.
static void start(void) {
#ifdef LX_UNDER_TSAN
    return;
#endif
    if (pthread_key_create(&slot_key, release_slot) != 0) return;
    for (int signo = SIGRTMIN + 4; signo <= SIGRTMAX; signo++) {
        struct sigaction old;
        if (sigaction(signo, NULL, &old) != 0 || old.sa_handler != SIG_DFL || (old.sa_flags & SA_SIGINFO)) continue;
        struct sigaction action = {0};
        action.sa_handler = on_stop_signal;
        action.sa_flags = SA_RESTART;
        sigemptyset(&action.sa_mask);
        if (sigaction(signo, &action, NULL) != 0) return;
        pthread_attr_t attributes;
        pthread_t thread;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        int made = pthread_create(&thread, &attributes, watch, NULL);
        pthread_attr_destroy(&attributes);
        if (made == 0) stop_signal = signo;
        return;
    }
}

int lx_can_run_uncounted(void) {
    pthread_once(&started, start);
    return stop_signal != 0;
}

int lx_watch_begin(lua_State *L, double deadline) {
    if (!lx_can_run_uncounted()) return 0;
    if (my_slot < 0) {
        for (int i = 0; i < SLOTS && my_slot < 0; i++) {
            int free = 0;
            if (atomic_compare_exchange_strong(&slots[i].taken, &free, 1)) {
                // Dispatch's worker threads block signals: this one must reach the run.
                sigset_t stop;
                sigemptyset(&stop);
                sigaddset(&stop, stop_signal);
                slots[i].thread = pthread_self();
                if (pthread_setspecific(slot_key, &slots[i]) != 0 || pthread_sigmask(SIG_UNBLOCK, &stop, NULL) != 0) {
                    atomic_store(&slots[i].taken, 0);
                    return 0;
                }
                my_slot = i;
            }
        }
        if (my_slot < 0) return 0;  // more threads than slots: this one counts
    }
    watched = L;
    lx_watch_move(deadline);
    if (atomic_load(&watchdog_asleep)) {
        pthread_mutex_lock(&scan_lock);
        atomic_store(&watchdog_asleep, 0);
        pthread_cond_signal(&wake);
        pthread_mutex_unlock(&scan_lock);
    }
    return 1;
}

void lx_watch_move(double deadline) {
    watched_deadline = deadline > 0 ? deadline : HUGE_VAL;
    atomic_store(&slots[my_slot].deadline, deadline);
}

void lx_watch_end(void) {
    atomic_store(&slots[my_slot].deadline, 0);
    watched = NULL;
}

// Shared by the shim's C files only; Swift sees CLuaShim.h alone.
#ifndef CLUASHIM_INTERNAL_H
#define CLUASHIM_INTERNAL_H

#include "CLuaShim.h"

#include <time.h>

// Small blocks (blocks.c): the state's allocator for blocks up to LX_BLOCK_SMALL_MAX bytes, in
// size classes LX_BLOCK_STEP bytes apart.
enum { LX_BLOCK_STEP = 16, LX_BLOCK_SMALL_MAX = 256 };
typedef struct lx_blocks {
    void *free[LX_BLOCK_SMALL_MAX / LX_BLOCK_STEP];  // per class, blocks given back, linked through their first word
    char *at, *end;                                  // what is left of the newest chunk
    struct chunk *chunks;
} lx_blocks;

void *lx_blocks_resize(lx_blocks *b, void *block, size_t old, size_t size);  // NULL `block`: a new one
void lx_blocks_give(lx_blocks *b, void *block, size_t size);
void lx_blocks_release(lx_blocks *b);

/// Per-state context, reached through the allocator's userdata (shared by all coroutines).
typedef struct lx_ctx {
    lx_dispatch_fn dispatch;
    lua_State *main;
    lx_texts texts;                // the host's words for its scripts (copied)
    // memory
    lx_blocks blocks;
    size_t used, peak, limit;
    int enforcing;
    const void *refused_ptr;
    size_t refused_size;
    int refused_pending;
    // time and instructions
    int running;
    int tripped;
    int64_t instructions, instruction_limit;
    int hook_step;
    double deadline;
    double pattern_steps;
    char trip_source[LUA_IDSIZE];  // where the script was when a budget tripped
    int trip_line;
    lua_State *last_thread;        // the thread the hook last saw, to locate memory trips
    int coverage;                  // record every line run
    int uncounted;                 // this run has no count hook (watchdog.c) ...
    double uncounted_deadline;     // ... and must end by then to keep its result
} lx_ctx;

// Registry keys and the trip sentinel: their addresses are unique.
extern char lx_trip_sentinel;      // light userdata raised when a budget trips; never allocates
extern char lx_readonly_mt_key;
extern char lx_strict_mt_key;
extern char lx_base_env_key;
extern char lx_preload_key;
extern char lx_loaded_key;
extern char lx_coverage_key;

static inline lx_ctx *ctx_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (lx_ctx *)ud;
}

static inline double monotonic_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int is_sentinel(lua_State *L, int idx) {
    return lua_islightuserdata(L, idx) && lua_touserdata(L, idx) == &lx_trip_sentinel;
}

// state.c: budgets
void note_trip_location(lua_State *L, lx_ctx *c);
int raise_trip(lua_State *L);
void trip(lua_State *L, lx_ctx *c, int why);
/// Trips the time budget when the deadline has passed: called before library functions that run
/// long in C, where the count hook cannot fire.
void check_deadline(lua_State *L);
void count_hook(lua_State *L, lua_Debug *ar);
// watchdog.c: uncounted runs
/// No interpreter runs more Lua instructions a second: a run shorter than budget / this used less.
#define LX_MAX_INSTRUCTIONS_PER_SECOND 1e10
/// Watches this thread's uncounted run of L until `deadline`; 0 when it cannot be watched (count it).
int lx_watch_begin(lua_State *L, double deadline);
/// The run's deadline moves (host work is not the script's time); 0 pauses the watch.
void lx_watch_move(double deadline);
void lx_watch_end(void);
// views.c
void make_readonly_mt(lua_State *L);
/// Raises "<label> has no <noun> 'key' (did you mean x?)" for the shape at `shape`.
int lx_refuse_unknown(lua_State *L, int shape, int key);
/// `__newindex` of every read-only value: the refusal, naming the field.
int lx_refuse_change(lua_State *L);
/// `__tostring` of every read-only value.
int lx_view_tostring(lua_State *L);
/// Pushes the table behind the view at `idx` (views.c's own views only).
void lx_push_readonly_data(lua_State *L, int idx);
/// Pops a table and pushes its read-only view (no loader).
void wrap_readonly(lua_State *L);
// sandbox.c
int setup_sandbox(lua_State *L);
// coverage.c
void record_line(lua_State *L, lx_ctx *c, lua_Debug *ar);

#endif

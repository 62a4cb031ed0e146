#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char lx_trip_sentinel;
char lx_readonly_mt_key;
char lx_strict_mt_key;
char lx_base_env_key;
char lx_preload_key;
char lx_loaded_key;
char lx_coverage_key;

// ---------------------------------------------------------------------------------------------
// Memory: a counting allocator. The cap applies only while a script runs; outside a run a failed
// allocation aborts as Swift's own allocator would, so Lua never raises outside a protected call.

static void *budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    lx_ctx *c = (lx_ctx *)ud;
    size_t old = ptr ? osize : 0;  // when ptr is NULL, osize is a type tag
    if (nsize == 0) {
        lx_blocks_give(&c->blocks, ptr, old);
        c->used -= old;
        return NULL;
    }
    if (c->enforcing && nsize > old) {
        if (c->tripped == LX_TRIP_MEMORY || c->used - old + nsize > c->limit) {
            // Lua retries the same request once after an emergency collection: a second refusal
            // is a real overrun, and it stays sticky so pcall cannot swallow it.
            if (c->refused_pending && c->refused_ptr == ptr && c->refused_size == nsize && c->tripped == LX_TRIP_NONE) {
                c->tripped = LX_TRIP_MEMORY;
                note_trip_location(c->last_thread ? c->last_thread : c->main, c);  // reads only, allocates nothing
            }
            c->refused_pending = 1;
            c->refused_ptr = ptr;
            c->refused_size = nsize;
            if (c->tripped == LX_TRIP_NONE && nsize - old > c->limit) {
                c->tripped = LX_TRIP_MEMORY;
                note_trip_location(c->last_thread ? c->last_thread : c->main, c);
            }
            return NULL;
        }
    }
    void *p = lx_blocks_resize(&c->blocks, ptr, old, nsize);
    if (p == NULL) {
        if (c->enforcing) return NULL;
        fputs("out of memory while building Lua values\n", stderr);
        abort();
    }
    c->used = c->used - old + nsize;
    if (c->used > c->peak) c->peak = c->used;
    c->refused_pending = 0;
    return p;
}

static int on_panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "unprotected Lua error (a bug in the host): %s\n", msg ? msg : "?");
    abort();
}
// ---------------------------------------------------------------------------------------------
// Instructions and wall clock: a count hook. A trip is sticky: the hook fires on every
// instruction afterwards, on this thread and the main one, until the run unwinds.

int raise_trip(lua_State *L) {
    lua_pushlightuserdata(L, &lx_trip_sentinel);
    return lua_error(L);
}

void note_trip_location(lua_State *L, lx_ctx *c) {
    lua_Debug ar;
    c->trip_source[0] = '\0';
    c->trip_line = 0;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(c->trip_source, sizeof c->trip_source, "%s", ar.short_src);
            c->trip_line = ar.currentline;
            return;
        }
    }
}

void trip(lua_State *L, lx_ctx *c, int why) {
    c->tripped = why;
    note_trip_location(L, c);
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    if (c->main != L) lua_sethook(c->main, count_hook, LUA_MASKCOUNT, 1);
    raise_trip(L);
}

void check_deadline(lua_State *L) {
    lx_ctx *c = ctx_of(L);
    if (!c->running) return;
    if (c->tripped != LX_TRIP_NONE) raise_trip(L);
    if (!c->uncounted && c->deadline <= 0) return;
    double now = monotonic_now();
    if (c->uncounted && now > c->uncounted_deadline) trip(L, c, LX_TRIP_RECOUNT);
    if (c->deadline > 0 && now > c->deadline) trip(L, c, LX_TRIP_TIME);
}

void count_hook(lua_State *L, lua_Debug *ar) {
    lx_ctx *c = ctx_of(L);
    if (!c->running) return;
    if (ar->event == LUA_HOOKLINE) {
        if (c->coverage) record_line(L, c, ar);
        return;
    }
    c->last_thread = L;
    if (c->tripped != LX_TRIP_NONE) raise_trip(L);
    if (c->uncounted) trip(L, c, LX_TRIP_RECOUNT);  // an uncounted run has a hook only once it is overdue
    c->instructions += c->hook_step;
    if (c->instruction_limit > 0 && c->instructions > c->instruction_limit) trip(L, c, LX_TRIP_INSTRUCTIONS);
    if (c->deadline > 0 && monotonic_now() > c->deadline) trip(L, c, LX_TRIP_TIME);
}


// The host's words are copied: the state outlives the caller's strings.
static char *copy_text(const char *text, const char *fallback) {
    return strdup(text ? text : fallback);
}

static void free_context(lx_ctx *c) {
    lx_blocks_release(&c->blocks);
    free((char *)c->texts.script_noun);
    free((char *)c->texts.readonly_hint);
    free((char *)c->texts.require_hint);
    free(c);
}

lua_State *lx_newstate(lx_dispatch_fn dispatch, const lx_texts *texts) {
    lx_ctx *c = calloc(1, sizeof(lx_ctx));
    if (c == NULL) return NULL;
    c->dispatch = dispatch;
    c->texts.script_noun = copy_text(texts ? texts->script_noun : NULL, "scripts");
    c->texts.readonly_hint = copy_text(texts ? texts->readonly_hint : NULL, "read-only values cannot be modified");
    c->texts.require_hint = copy_text(texts ? texts->require_hint : NULL, "only modules the host provides can be required");
    lua_State *L = lua_newstate(budget_alloc, c);
    if (L == NULL) { free_context(c); return NULL; }
    c->main = L;
    lua_atpanic(L, on_panic);
    lua_gc(L, LUA_GCGEN, 0, 0);
    lua_pushcfunction(L, setup_sandbox);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        lua_close(L);
        free_context(c);
        return NULL;
    }
    return L;
}

void lx_close(lua_State *L) {
    lx_ctx *c = ctx_of(L);
    lua_close(L);
    free_context(c);
}
const char *lx_release(void) { return LUA_RELEASE; }
size_t lx_memory_in_use(lua_State *L) { return ctx_of(L)->used; }

int lx_pause_collector(lua_State *L, int pause) {
    int was_running = lua_gc(L, LUA_GCISRUNNING);
    lua_gc(L, pause ? LUA_GCSTOP : LUA_GCRESTART);
    return was_running;
}

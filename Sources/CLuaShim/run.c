#include "internal.h"

#include <stdio.h>
#include <string.h>

// ---------------------------------------------------------------------------------------------
// Host functions: Swift returns a count or -1; this trampoline raises for it, so no Lua error
// ever unwinds a Swift frame. Host work is not charged to the script's memory or clock.

static int host_trampoline(lua_State *L) {
    lx_ctx *c = ctx_of(L);
    void *box = lua_touserdata(L, lua_upvalueindex(1));
    int enforcing = c->enforcing;
    size_t used_before = c->used;
    double started = monotonic_now();
    c->enforcing = 0;
    if (c->uncounted) lx_watch_move(0);
    int n = c->dispatch(L, box);
    c->enforcing = enforcing;
    if (c->used > used_before) c->limit += c->used - used_before;
    double host_time = monotonic_now() - started;
    if (c->deadline > 0) c->deadline += host_time;
    if (c->uncounted) {
        c->uncounted_deadline += host_time;
        lx_watch_move(c->uncounted_deadline);
    }
    if (n < 0) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    return n;
}

void lx_push_host(lua_State *L, void *box) {
    lua_pushlightuserdata(L, box);
    lua_pushcclosure(L, host_trampoline, 1);
}
// ---------------------------------------------------------------------------------------------
// Budgeted protected run, and the message handler that describes an escaping error.

static void set_string_field(lua_State *L, int table, const char *key, const char *value) {
    lua_pushstring(L, value);
    lua_setfield(L, table, key);
}

// Returns the sentinel untouched; otherwise a table {message, code?, source?, line?, traceback}.
// It never calls __tostring or any other script code.
static int message_handler(lua_State *L) {
    lx_ctx *c = ctx_of(L);
    c->enforcing = 0;  // describing the error must not fail for want of memory
    if (is_sentinel(L, 1) || c->tripped != LX_TRIP_NONE) {
        lua_settop(L, 0);
        lua_pushlightuserdata(L, &lx_trip_sentinel);
        return 1;
    }
    lua_createtable(L, 0, 6);
    int t = lua_gettop(L);
    switch (lua_type(L, 1)) {
        case LUA_TSTRING:
            lua_pushvalue(L, 1);
            lua_setfield(L, t, "message");
            break;
        case LUA_TNUMBER:
            lua_pushvalue(L, 1);
            lua_tostring(L, -1);
            lua_setfield(L, t, "message");
            break;
        case LUA_TTABLE:
            lua_pushliteral(L, "message");
            if (lua_rawget(L, 1) == LUA_TSTRING) lua_setfield(L, t, "message");
            else lua_pop(L, 1);
            lua_pushliteral(L, "code");
            if (lua_rawget(L, 1) == LUA_TSTRING) lua_setfield(L, t, "code");
            else lua_pop(L, 1);
            set_string_field(L, t, "value_type", "table");
            break;
        default:
            set_string_field(L, t, "value_type", luaL_typename(L, 1));
            break;
    }
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            set_string_field(L, t, "source", ar.short_src);
            lua_pushinteger(L, ar.currentline);
            lua_setfield(L, t, "line");
            break;
        }
    }
    luaL_traceback(L, L, NULL, 1);
    lua_setfield(L, t, "traceback");
    return 1;
}

// How long a run may go without the count hook: the time in which no interpreter runs its
// instruction budget, when that is shorter than its time budget; 0 when it must be counted.
static double uncounted_window(const lx_ctx *c, const lx_limits *limits) {
    if (!limits->may_run_uncounted || c->coverage || limits->instructions <= 0) return 0;
    double window = (double)limits->instructions / LX_MAX_INSTRUCTIONS_PER_SECOND;
    if (limits->seconds > 0 && window >= limits->seconds) return 0;
    return window;
}

int lx_run(lua_State *L, int nargs, int nresults, const lx_limits *limits, lx_run_stats *stats) {
    lx_ctx *c = ctx_of(L);
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    c->tripped = LX_TRIP_NONE;
    c->trip_source[0] = '\0';
    c->trip_line = 0;
    c->last_thread = L;
    c->instructions = 0;
    c->refused_pending = 0;
    c->instruction_limit = limits->instructions;
    c->deadline = limits->seconds > 0 ? monotonic_now() + limits->seconds : 0;
    c->pattern_steps = limits->pattern_steps;
    size_t start = c->used;
    c->peak = start;
    c->limit = limits->memory_bytes > 0 ? start + limits->memory_bytes : (size_t)-1;
    c->enforcing = limits->memory_bytes > 0;
    c->hook_step = 1000;
    if (limits->instructions > 0 && limits->instructions < c->hook_step) c->hook_step = (int)limits->instructions;
    c->running = 1;
    double window = uncounted_window(c, limits);
    c->uncounted_deadline = monotonic_now() + window;
    c->uncounted = window > 0 && lx_watch_begin(L, c->uncounted_deadline);
    if (!c->uncounted) lua_sethook(L, count_hook, LUA_MASKCOUNT | (c->coverage ? LUA_MASKLINE : 0), c->hook_step);
    int status = lua_pcall(L, nargs, nresults, base);
    if (c->uncounted) {
        lx_watch_end();
        // Ended in its window: it ran fewer instructions than its budget, so a counted run would
        // have ended the same way. Otherwise nothing it did counts.
        if (monotonic_now() > c->uncounted_deadline) c->tripped = LX_TRIP_RECOUNT;
        c->uncounted = 0;
    }
    lua_sethook(L, NULL, 0, 0);
    c->running = 0;
    c->enforcing = 0;
    lua_remove(L, base);
    if (stats) {
        stats->tripped = c->tripped;
        stats->instructions = c->instructions;
        stats->peak_bytes = c->peak > start ? c->peak - start : 0;
        snprintf(stats->trip_source, sizeof stats->trip_source, "%s", c->trip_source);
        stats->trip_line = c->trip_line > 0 ? c->trip_line : 0;
    }
    return status;
}


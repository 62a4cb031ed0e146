#include "CLuaShim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// ---------------------------------------------------------------------------------------------
// Per-state context, reached through the allocator's userdata (shared by all coroutines).

typedef struct lx_ctx {
    lx_dispatch_fn dispatch;
    lua_State *main;
    // memory
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
    char trip_source[LUA_IDSIZE];  // where the rule was when a budget tripped
    int trip_line;
    lua_State *last_thread;        // the thread the hook last saw, to locate memory trips
    int coverage;                  // record every line run (ladder test --coverage)

} lx_ctx;

static char trip_sentinel;      // light userdata raised when a budget trips; never allocates
static char readonly_mt_key;    // registry keys (addresses are unique)
static char strict_mt_key;
static char base_env_key;
static char preload_key;
static char loaded_key;
static char coverage_key;

static lx_ctx *ctx_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (lx_ctx *)ud;
}

static double monotonic_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

// ---------------------------------------------------------------------------------------------
// Memory: a counting allocator. The cap applies only while a rule runs; outside a run a failed
// allocation aborts as Swift's own allocator would, so Lua never raises outside a protected call.

static void note_trip_location(lua_State *L, lx_ctx *c);

static void *budget_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    lx_ctx *c = (lx_ctx *)ud;
    size_t old = ptr ? osize : 0;  // when ptr is NULL, osize is a type tag
    if (nsize == 0) {
        free(ptr);
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
    void *p = realloc(ptr, nsize);
    if (p == NULL) {
        if (c->enforcing) return NULL;
        fputs("ladder: out of memory while building Lua values\n", stderr);
        abort();
    }
    c->used = c->used - old + nsize;
    if (c->used > c->peak) c->peak = c->used;
    c->refused_pending = 0;
    return p;
}

static int on_panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "ladder: unprotected Lua error (a bug in Ladder): %s\n", msg ? msg : "?");
    abort();
}

// ---------------------------------------------------------------------------------------------
// Instructions and wall clock: a count hook. A trip is sticky: the hook fires on every
// instruction afterwards, on this thread and the main one, until the run unwinds.

static void count_hook(lua_State *L, lua_Debug *ar);

static int raise_trip(lua_State *L) {
    lua_pushlightuserdata(L, &trip_sentinel);
    return lua_error(L);
}

static void note_trip_location(lua_State *L, lx_ctx *c) {
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

static void trip(lua_State *L, lx_ctx *c, int why) {
    c->tripped = why;
    note_trip_location(L, c);
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    if (c->main != L) lua_sethook(c->main, count_hook, LUA_MASKCOUNT, 1);
    raise_trip(L);
}

// coverage[source][line] = true, recorded outside the memory budget.
static void record_line(lua_State *L, lx_ctx *c, lua_Debug *ar) {
    if (!lua_getinfo(L, "S", ar) || ar->source[0] != '@') return;
    int enforcing = c->enforcing;
    c->enforcing = 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &coverage_key);
    lua_pushstring(L, ar->source + 1);
    if (lua_rawget(L, -2) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushstring(L, ar->source + 1);
        lua_pushvalue(L, -2);
        lua_rawset(L, -4);
    }
    lua_pushboolean(L, 1);
    lua_rawseti(L, -2, ar->currentline);
    lua_pop(L, 2);
    c->enforcing = enforcing;
}

static void count_hook(lua_State *L, lua_Debug *ar) {
    lx_ctx *c = ctx_of(L);
    if (!c->running) return;
    if (ar->event == LUA_HOOKLINE) {
        if (c->coverage) record_line(L, c, ar);
        return;
    }
    c->last_thread = L;
    if (c->tripped != LX_TRIP_NONE) raise_trip(L);
    c->instructions += c->hook_step;
    if (c->instruction_limit > 0 && c->instructions > c->instruction_limit) trip(L, c, LX_TRIP_INSTRUCTIONS);
    if (c->deadline > 0 && monotonic_now() > c->deadline) trip(L, c, LX_TRIP_TIME);
}

static int is_sentinel(lua_State *L, int idx) {
    return lua_islightuserdata(L, idx) && lua_touserdata(L, idx) == &trip_sentinel;
}

// ---------------------------------------------------------------------------------------------
// Read-only views: a userdata whose user values are [data table, sorted keys (cached)], or for a
// lazy view [data table, loader, lazy keys, sorted keys]. Rules index, measure and iterate them;
// they can never change them.

static int sorted_keys_slot(lua_State *L, int proxy) {
    int lazy = lua_getiuservalue(L, proxy, 4) != LUA_TNONE;
    lua_pop(L, 1);
    return lazy ? 4 : 2;
}

static void load_lazy(lua_State *L, int proxy, int data, int key) {
    if (lua_getiuservalue(L, proxy, 2) != LUA_TFUNCTION) { lua_pop(L, 1); return; }
    lua_pushvalue(L, key);
    lua_call(L, 1, 1);
    if (!lua_isnil(L, -1)) {
        lua_pushvalue(L, key);
        lua_pushvalue(L, -2);
        lua_rawset(L, data);
    }
    lua_pop(L, 1);
}

static int readonly_index(lua_State *L) {
    lua_getiuservalue(L, 1, 1);
    lua_pushvalue(L, 2);
    if (lua_rawget(L, -2) == LUA_TNIL && lua_type(L, 2) == LUA_TSTRING) {
        lua_pop(L, 1);
        load_lazy(L, 1, lua_gettop(L), 2);
        lua_pushvalue(L, 2);
        lua_rawget(L, -2);
    }
    return 1;
}

static int readonly_newindex(lua_State *L) {
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "attempt to change read-only field '%s' (snapshot records, parameters and ctx cannot be modified)", lua_tostring(L, 2));
    return luaL_error(L, "attempt to change a read-only table (snapshot records, parameters and ctx cannot be modified)");
}

static int readonly_len(lua_State *L) {
    lua_getiuservalue(L, 1, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

// Keys order: integers ascending, then other numbers, then strings byte-wise, then the rest.
static int key_rank(lua_State *L, int idx) {
    switch (lua_type(L, idx)) {
        case LUA_TNUMBER: return lua_isinteger(L, idx) ? 0 : 1;
        case LUA_TSTRING: return 2;
        case LUA_TBOOLEAN: return 3;
        default: return 4;
    }
}

static int key_less(lua_State *L) {
    int ra = key_rank(L, 1), rb = key_rank(L, 2);
    if (ra != rb) { lua_pushboolean(L, ra < rb); return 1; }
    if (ra == 2) {
        size_t la, lb;
        const char *a = lua_tolstring(L, 1, &la), *b = lua_tolstring(L, 2, &lb);
        int cmp = memcmp(a, b, la < lb ? la : lb);
        lua_pushboolean(L, cmp < 0 || (cmp == 0 && la < lb));
        return 1;
    }
    if (ra <= 1) { lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT)); return 1; }
    lua_pushboolean(L, 0);
    return 1;
}

static int sorted_next(lua_State *L) {
    // upvalues: keys, data, position
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3)) + 1;
    if (lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL) return 1;
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    lua_pushvalue(L, -1);
    lua_rawget(L, lua_upvalueindex(2));
    return 2;
}

// `pairs` over a read-only view walks its keys in a fixed order, so reports never depend on
// Lua's per-process hash seed. Lazy fields are loaded first so every key is seen.
static int readonly_pairs(lua_State *L) {
    lua_settop(L, 1);
    lua_getiuservalue(L, 1, 1);  // 2: data
    if (lua_getiuservalue(L, 1, 3) == LUA_TTABLE) {  // 3: lazy keys
        lua_Integer n = (lua_Integer)lua_rawlen(L, 3);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, 3, i);
            lua_pushvalue(L, -1);
            if (lua_rawget(L, 2) == LUA_TNIL) load_lazy(L, 1, 2, lua_gettop(L) - 1);
            lua_pop(L, 2);
        }
    }
    lua_pop(L, 1);
    int slot = sorted_keys_slot(L, 1);
    if (lua_getiuservalue(L, 1, slot) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);  // 3: sorted keys
        lua_Integer n = 0;
        lua_pushnil(L);
        while (lua_next(L, 2)) {
            lua_pop(L, 1);
            lua_pushvalue(L, -1);
            lua_rawseti(L, 3, ++n);
        }
        lua_rawgetp(L, LUA_REGISTRYINDEX, &readonly_mt_key);
        lua_getfield(L, -1, "__ladder_sort");
        lua_remove(L, -2);
        lua_pushvalue(L, 3);
        lua_pushcfunction(L, key_less);
        lua_call(L, 2, 0);
        lua_pushvalue(L, 3);
        lua_setiuservalue(L, 1, slot);
    }
    lua_pushvalue(L, 2);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, sorted_next, 3);
    lua_pushnil(L);
    lua_pushnil(L);
    return 3;
}

static int readonly_tostring(lua_State *L) {
    lua_pushliteral(L, "table (read-only)");
    return 1;
}

void lx_push_readonly(lua_State *L, int with_loader, int lazy_key_count, const char *const *lazy_keys) {
    int data = lua_absindex(L, with_loader ? -2 : -1);
    lua_newuserdatauv(L, 0, with_loader ? 4 : 2);
    lua_pushvalue(L, data);
    lua_setiuservalue(L, -2, 1);
    if (with_loader) {
        lua_pushvalue(L, data + 1);
        lua_setiuservalue(L, -2, 2);
        lua_createtable(L, lazy_key_count, 0);
        for (int i = 0; i < lazy_key_count; i++) {
            lua_pushstring(L, lazy_keys[i]);
            lua_rawseti(L, -2, i + 1);
        }
        lua_setiuservalue(L, -2, 3);
    }
    lua_rawgetp(L, LUA_REGISTRYINDEX, &readonly_mt_key);
    lua_setmetatable(L, -2);
    lua_replace(L, data);
    lua_settop(L, data);
}

int lx_is_readonly(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &readonly_mt_key);
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same;
}

void lx_push_readonly_data(lua_State *L, int idx) { lua_getiuservalue(L, idx, 1); }

static void make_readonly_mt(lua_State *L) {
    lua_newtable(L);
    lua_pushcfunction(L, readonly_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, readonly_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, readonly_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushcfunction(L, readonly_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    // table.sort, kept here for key ordering (rules cannot reach a metatable behind __metatable)
    lua_getglobal(L, "table");
    lua_getfield(L, -1, "sort");
    lua_setfield(L, -3, "__ladder_sort");
    lua_pop(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &readonly_mt_key);
}

// Pops a table and pushes its read-only view (no loader).
static void wrap_readonly(lua_State *L) { lx_push_readonly(L, 0, 0, NULL); }

// ---------------------------------------------------------------------------------------------
// Strict environments: every chunk gets a fresh globals table over the shared, hidden base.
// Reading an unknown global or writing any global is an error naming the variable.

static int strict_index(lua_State *L) {
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "unknown global '%s' (a misspelt name, or a variable not declared with local?)", lua_tostring(L, 2));
    return luaL_error(L, "unknown global");
}

static int strict_newindex(lua_State *L) {
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "assignment to undeclared global '%s' (declare it with local)", lua_tostring(L, 2));
    return luaL_error(L, "assignment to an undeclared global (declare it with local)");
}

static void push_strict_env(lua_State *L) {
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "_G");
    lua_rawgetp(L, LUA_REGISTRYINDEX, &strict_mt_key);
    lua_setmetatable(L, -2);
}

static void set_chunk_env(lua_State *L, int fn, int env) {
    lua_pushvalue(L, env);
    if (lua_setupvalue(L, fn, 1) == NULL) lua_pop(L, 1);
}

// ---------------------------------------------------------------------------------------------
// Replacements for base functions that would let a rule escape its budgets or the sandbox.

static int finish_pcall(lua_State *L, int status, lua_KContext extra) {
    lx_ctx *c = ctx_of(L);
    if (status == LUA_ERRMEM && c->running && c->tripped == LX_TRIP_NONE) {
        c->tripped = LX_TRIP_MEMORY;
        note_trip_location(L, c);
    }
    if (c->tripped != LX_TRIP_NONE) return raise_trip(L);
    if (status != LUA_OK && status != LUA_YIELD) {
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)extra;
}

static int sandbox_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_pcall);
    return finish_pcall(L, status, 0);
}

// The user's handler is called only while no budget has tripped: a trip raised inside a hook
// leaves hooks disabled during the handler, so a looping handler could never be stopped.
static int guarded_handler(lua_State *L) {
    if (ctx_of(L)->tripped != LX_TRIP_NONE || is_sentinel(L, 1)) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sandbox_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);  // n+1: the handler, guarded
    lua_pushboolean(L, 1);                    // n+2: status for success
    lua_pushvalue(L, 1);                      // n+3: the function, then its arguments
    for (int i = 3; i <= n; i++) lua_pushvalue(L, i);
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, n + 1, (lua_KContext)(n + 1), finish_pcall);
    return finish_pcall(L, status, n + 1);
}

static int sandbox_setmetatable(lua_State *L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "__gc metamethods are not allowed in rules");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sandbox_collectgarbage(lua_State *L) {
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") != 0)
        return luaL_error(L, "collectgarbage(\"%s\") is not allowed in rules; only collectgarbage(\"count\")", opt);
    lua_pushnumber(L, (lua_Number)ctx_of(L)->used / 1024.0);
    return 1;
}

// tostring without addresses (they change every run and would make reports differ).
static int sandbox_tostring(lua_State *L) {
    luaL_checkany(L, 1);
    int t = lua_type(L, 1);
    if ((t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TUSERDATA || t == LUA_TTHREAD ||
         t == LUA_TLIGHTUSERDATA) && luaL_getmetafield(L, 1, "__tostring") == LUA_TNIL) {
        lua_pushstring(L, lua_typename(L, t));
        return 1;
    }
    lua_settop(L, 1);
    luaL_tolstring(L, 1, NULL);
    return 1;
}

// A read-only view is a table to a rule.
static int sandbox_type(lua_State *L) {
    luaL_checkany(L, 1);
    if (lx_is_readonly(L, 1)) lua_pushliteral(L, "table");
    else lua_pushstring(L, luaL_typename(L, 1));
    return 1;
}

static int sandbox_load(lua_State *L) {
    size_t len;
    const char *src = lua_tolstring(L, 1, &len);
    if (src == NULL || lua_type(L, 1) != LUA_TSTRING)
        return luaL_error(L, "load: only source text is allowed in rules");
    const char *name = luaL_optstring(L, 2, "=(load)");
    const char *mode = luaL_optstring(L, 3, "t");
    if (strchr(mode, 't') == NULL) return luaL_error(L, "load: binary chunks are not allowed in rules");
    int has_env = !lua_isnone(L, 4);
    int status = luaL_loadbufferx(L, src, len, name, "t");
    if (status != LUA_OK) {
        lua_pushnil(L);
        lua_insert(L, -2);
        return 2;
    }
    int fn = lua_gettop(L);
    if (has_env) lua_pushvalue(L, 4);
    else push_strict_env(L);
    set_chunk_env(L, fn, lua_gettop(L));
    lua_settop(L, fn);
    return 1;
}

// require: only modules of the pack (and the packs it extends), compiled in advance by the host.
static int sandbox_require(lua_State *L) {
    const char *name = luaL_checkstring(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &loaded_key);
    int loaded = lua_gettop(L);
    lua_pushvalue(L, 1);
    int t = lua_rawget(L, loaded);
    if (t == LUA_TLIGHTUSERDATA) return luaL_error(L, "require '%s': the module requires itself (a require cycle)", name);
    if (t != LUA_TNIL) return 1;
    lua_pop(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &preload_key);
    lua_pushvalue(L, 1);
    if (lua_rawget(L, -2) != LUA_TFUNCTION)
        return luaL_error(L, "module '%s' not found: a rule may require only Lua files of its pack (for '%s' the pack needs %s.lua, dots as folders)", name, name, name);
    lua_pushvalue(L, 1);
    lua_pushlightuserdata(L, &loaded_key);  // marks "loading" to catch cycles
    lua_rawset(L, loaded);
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1)) { lua_pop(L, 1); lua_pushboolean(L, 1); }
    if (lua_type(L, -1) == LUA_TTABLE) wrap_readonly(L);  // one rule cannot change a module for the next
    lua_pushvalue(L, 1);
    lua_pushvalue(L, -2);
    lua_rawset(L, loaded);
    return 1;
}

// ---------------------------------------------------------------------------------------------
// Pattern guard: Lua's matcher backtracks in C, out of the count hook's reach. Each repeated
// item can multiply the work by the subject length, so refuse a call whose worst case
// (length ^ (repetitions + 1 if unanchored)) exceeds the budget.

static int pattern_repetitions(const char *p, size_t len, int *anchored) {
    size_t i = 0;
    int reps = 0;
    *anchored = (len > 0 && p[0] == '^');
    if (*anchored) i = 1;
    while (i < len) {
        char ch = p[i];
        if (ch == '(' || ch == ')') { i++; continue; }
        if (ch == '%' && i + 1 < len) {
            if (p[i + 1] == 'b') { reps++; i += 4; continue; }
            if (p[i + 1] == 'f') {
                i += 2;
                if (i < len && p[i] == '[') {
                    i++;
                    if (i < len && p[i] == '^') i++;
                    if (i < len) i++;
                    while (i < len && p[i] != ']') i += (p[i] == '%') ? 2 : 1;
                    i++;
                }
                continue;
            }
            i += 2;
        } else if (ch == '[') {
            i++;
            if (i < len && p[i] == '^') i++;
            if (i < len) i++;  // a leading ']' is literal
            while (i < len && p[i] != ']') i += (p[i] == '%') ? 2 : 1;
            i++;
        } else {
            i++;
        }
        if (i < len && (p[i] == '*' || p[i] == '+' || p[i] == '-')) { reps++; i++; }
        else if (i < len && p[i] == '?') i++;
    }
    return reps;
}

static int guarded_pattern_call(lua_State *L) {
    lx_ctx *c = ctx_of(L);
    size_t slen, plen;
    const char *fname = lua_tostring(L, lua_upvalueindex(2));
    int plain = strcmp(fname, "find") == 0 && lua_toboolean(L, 4);
    if (c->pattern_steps > 0 && !plain && lua_type(L, 1) == LUA_TSTRING && lua_type(L, 2) == LUA_TSTRING) {
        lua_tolstring(L, 1, &slen);
        const char *p = lua_tolstring(L, 2, &plen);
        int anchored;
        int reps = pattern_repetitions(p, plen, &anchored);
        if (reps > 0) {
            double cost = pow((double)slen + 1.0, (double)reps + (anchored ? 0 : 1));
            if (cost > c->pattern_steps) {
                char numbers[64];
                snprintf(numbers, sizeof numbers, "worst case %.3g steps, limit %.3g", cost, c->pattern_steps);
                return luaL_error(L, "string.%s: pattern \"%s\" is too costly for a %d-byte subject "
                                     "(%d repetitions, %s); simplify the pattern or shorten the subject",
                                  fname, p, (int)slen, reps, numbers);
            }
        }
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

// ---------------------------------------------------------------------------------------------
// Host functions: Swift returns a count or -1; this trampoline raises for it, so no Lua error
// ever unwinds a Swift frame. Host work is not charged to the rule's memory or clock.

static int host_trampoline(lua_State *L) {
    lx_ctx *c = ctx_of(L);
    void *box = lua_touserdata(L, lua_upvalueindex(1));
    int enforcing = c->enforcing;
    size_t used_before = c->used;
    double started = monotonic_now();
    c->enforcing = 0;
    int n = c->dispatch(L, box);
    c->enforcing = enforcing;
    if (c->used > used_before) c->limit += c->used - used_before;
    if (c->deadline > 0) c->deadline += monotonic_now() - started;
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
// State set-up: open the safe libraries, build the hidden base environment from an allow-list.

static void copy_fields(lua_State *L, int from, const char *const *names) {
    for (; *names; names++) {
        lua_getfield(L, from, *names);
        lua_setfield(L, -2, *names);
    }
}

static int setup_sandbox(lua_State *L) {
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    luaL_requiref(L, LUA_COLIBNAME, luaopen_coroutine, 1);
    lua_settop(L, 0);
    make_readonly_mt(L);

    lua_pushglobaltable(L);  // 1: the real globals, never shown to rules
    lua_newtable(L);         // 2: base
    static const char *const base_names[] = {
        "assert", "error", "ipairs", "next", "pairs", "rawequal", "rawget", "rawlen", "select",
        "tonumber", "getmetatable", "_VERSION", NULL};
    lua_pushvalue(L, 2);
    copy_fields(L, 1, base_names);
    lua_pop(L, 1);

    lua_pushcfunction(L, sandbox_pcall);
    lua_setfield(L, 2, "pcall");
    lua_pushcfunction(L, sandbox_xpcall);
    lua_setfield(L, 2, "xpcall");
    lua_getfield(L, 1, "setmetatable");
    lua_pushcclosure(L, sandbox_setmetatable, 1);
    lua_setfield(L, 2, "setmetatable");
    lua_pushcfunction(L, sandbox_collectgarbage);
    lua_setfield(L, 2, "collectgarbage");
    lua_pushcfunction(L, sandbox_tostring);
    lua_setfield(L, 2, "tostring");
    lua_pushcfunction(L, sandbox_type);
    lua_setfield(L, 2, "type");
    lua_pushcfunction(L, sandbox_load);
    lua_setfield(L, 2, "load");
    lua_pushcfunction(L, sandbox_require);
    lua_setfield(L, 2, "require");

    // string: no dump; pattern functions guarded. The string metatable points at the same
    // table, so ("x"):dump() is gone too, and getmetatable("") answers "locked".
    lua_getfield(L, 1, "string");
    int real_string = lua_gettop(L);
    lua_newtable(L);
    static const char *const string_names[] = {
        "byte", "char", "format", "len", "lower", "pack", "packsize", "rep", "reverse", "sub",
        "unpack", "upper", NULL};
    copy_fields(L, real_string, string_names);
    static const char *const pattern_names[] = {"find", "match", "gmatch", "gsub", NULL};
    for (const char *const *n = pattern_names; *n; n++) {
        lua_getfield(L, real_string, *n);
        lua_pushstring(L, *n);
        lua_pushcclosure(L, guarded_pattern_call, 2);
        lua_setfield(L, -2, *n);
    }
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    wrap_readonly(L);
    lua_setfield(L, 2, "string");
    lua_pop(L, 1);

    static const char *const table_names[] = {"concat", "insert", "move", "pack", "remove", "sort", "unpack", NULL};
    static const char *const math_names[] = {
        "abs", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log", "max", "maxinteger",
        "min", "mininteger", "modf", "pi", "rad", "sin", "sqrt", "tan", "tointeger", "type", "ult",
        "atan", "asin", "acos", NULL};
    static const char *const utf8_names[] = {"char", "charpattern", "codes", "codepoint", "len", "offset", NULL};
    static const char *const co_names[] = {
        "close", "create", "isyieldable", "resume", "running", "status", "wrap", "yield", NULL};
    static const struct { const char *lib; const char *const *names; } libs[] = {
        {"table", table_names}, {"math", math_names}, {"utf8", utf8_names}, {"coroutine", co_names}};
    for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++) {
        lua_getfield(L, 1, libs[i].lib);
        lua_newtable(L);
        copy_fields(L, lua_gettop(L) - 1, libs[i].names);
        wrap_readonly(L);
        lua_setfield(L, 2, libs[i].lib);
        lua_pop(L, 1);
    }

    lua_pushvalue(L, 2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &base_env_key);

    lua_newtable(L);  // strict metatable for chunk environments
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, strict_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, strict_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &strict_mt_key);

    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &preload_key);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &loaded_key);
    lua_settop(L, 0);
    return 0;
}

lua_State *lx_newstate(lx_dispatch_fn dispatch) {
    lx_ctx *c = calloc(1, sizeof(lx_ctx));
    if (c == NULL) return NULL;
    c->dispatch = dispatch;
    lua_State *L = lua_newstate(budget_alloc, c);
    if (L == NULL) { free(c); return NULL; }
    c->main = L;
    lua_atpanic(L, on_panic);
    lua_gc(L, LUA_GCGEN, 0, 0);
    lua_pushcfunction(L, setup_sandbox);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        lua_close(L);
        free(c);
        return NULL;
    }
    return L;
}

void lx_close(lua_State *L) {
    lx_ctx *c = ctx_of(L);
    lua_close(L);
    free(c);
}

int lx_load(lua_State *L, const char *source, size_t length, const char *chunkname) {
    int status = luaL_loadbufferx(L, source, length, chunkname, "t");
    if (status != LUA_OK) return status;
    push_strict_env(L);
    set_chunk_env(L, lua_gettop(L) - 1, lua_gettop(L));
    lua_pop(L, 1);
    return LUA_OK;
}

void lx_preload(lua_State *L, const char *name) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &preload_key);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

void lx_provide(lua_State *L, const char *name) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &loaded_key);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

// ---------------------------------------------------------------------------------------------
// Budgeted protected run, and the message handler that describes an escaping error.

static void set_string_field(lua_State *L, int table, const char *key, const char *value) {
    lua_pushstring(L, value);
    lua_setfield(L, table, key);
}

// Returns the sentinel untouched; otherwise a table {message, code?, source?, line?, traceback}.
// It never calls __tostring or any other rule code.
static int message_handler(lua_State *L) {
    lx_ctx *c = ctx_of(L);
    c->enforcing = 0;  // describing the error must not fail for want of memory
    if (is_sentinel(L, 1) || c->tripped != LX_TRIP_NONE) {
        lua_settop(L, 0);
        lua_pushlightuserdata(L, &trip_sentinel);
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
    lua_sethook(L, count_hook, LUA_MASKCOUNT | (c->coverage ? LUA_MASKLINE : 0), c->hook_step);
    int status = lua_pcall(L, nargs, nresults, base);
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

size_t lx_memory_in_use(lua_State *L) { return ctx_of(L)->used; }

void lx_enable_coverage(lua_State *L) {
    lx_ctx *c = ctx_of(L);
    if (c->coverage) return;
    c->coverage = 1;
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &coverage_key);
}

void lx_push_coverage(lua_State *L) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &coverage_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
    }
}

typedef struct { unsigned char *bytes; size_t size, capacity; } dump_buffer;

static int dump_writer(lua_State *L, const void *p, size_t size, void *ud) {
    (void)L;
    dump_buffer *b = ud;
    if (b->size + size > b->capacity) {
        size_t capacity = (b->size + size) * 2;
        unsigned char *grown = realloc(b->bytes, capacity);
        if (grown == NULL) return 1;
        b->bytes = grown;
        b->capacity = capacity;
    }
    memcpy(b->bytes + b->size, p, size);
    b->size += size;
    return 0;
}

unsigned char *lx_dump(lua_State *L, size_t *size) {
    dump_buffer b = {NULL, 0, 0};
    if (lua_dump(L, dump_writer, &b, 0) != 0) {
        free(b.bytes);
        return NULL;
    }
    *size = b.size;
    return b.bytes;
}

int lx_pause_collector(lua_State *L, int pause) {
    int was_running = lua_gc(L, LUA_GCISRUNNING);
    lua_gc(L, pause ? LUA_GCSTOP : LUA_GCRESTART);
    return was_running;
}

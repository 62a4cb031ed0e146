#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---------------------------------------------------------------------------------------------
// Strict environments: every chunk gets a fresh globals table over the shared, hidden base.
// Reading an unknown global or writing any global is an error naming the variable. A chunk's
// globals table reads through to the base table itself, so a known global (`ipairs`, `math`) is
// found without a call; only a name the base does not have reaches strict_index, the base's own
// __index.

static int strict_index(lua_State *L) {
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
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_strict_mt_key);
    lua_setmetatable(L, -2);
}

static void set_chunk_env(lua_State *L, int fn, int env) {
    lua_pushvalue(L, env);
    if (lua_setupvalue(L, fn, 1) == NULL) lua_pop(L, 1);
}

// ---------------------------------------------------------------------------------------------
// Replacements for base functions that would let a script escape its budgets or the sandbox.

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
        if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "__gc metamethods are not allowed in %s", ctx_of(L)->texts.script_noun);
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
        return luaL_error(L, "collectgarbage(\"%s\") is not allowed in %s; only collectgarbage(\"count\")", opt, ctx_of(L)->texts.script_noun);
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

// A read-only view is a table to a script.
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
        return luaL_error(L, "load: only source text is allowed in %s", ctx_of(L)->texts.script_noun);
    const char *name = luaL_optstring(L, 2, "=(load)");
    const char *mode = luaL_optstring(L, 3, "t");
    if (strchr(mode, 't') == NULL) return luaL_error(L, "load: binary chunks are not allowed in %s", ctx_of(L)->texts.script_noun);
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

// require: only the modules the host preloaded or provided.
static int sandbox_require(lua_State *L) {
    const char *name = luaL_checkstring(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_loaded_key);
    int loaded = lua_gettop(L);
    lua_pushvalue(L, 1);
    int t = lua_rawget(L, loaded);
    if (t == LUA_TLIGHTUSERDATA) return luaL_error(L, "require '%s': the module requires itself (a require cycle)", name);
    if (t != LUA_TNIL) return 1;
    lua_pop(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_preload_key);
    lua_pushvalue(L, 1);
    if (lua_rawget(L, -2) != LUA_TFUNCTION)
        return luaL_error(L, "module '%s' not found: %s (for '%s', %s.lua, dots as folders)", name, ctx_of(L)->texts.require_hint, name, name);
    lua_pushvalue(L, 1);
    lua_pushlightuserdata(L, &lx_loaded_key);  // marks "loading" to catch cycles
    lua_rawset(L, loaded);
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1)) { lua_pop(L, 1); lua_pushboolean(L, 1); }
    if (lua_type(L, -1) == LUA_TTABLE) wrap_readonly(L);  // one script cannot change a module for the next
    lua_pushvalue(L, 1);
    lua_pushvalue(L, -2);
    lua_rawset(L, loaded);
    return 1;
}

/// Calls the library function a guard wraps (upvalue 1) with the guard's arguments, and returns
/// all it returns.
static int call_wrapped(lua_State *L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

// ---------------------------------------------------------------------------------------------
// Pattern guard: Lua's matcher backtracks in C, out of the count hook's reach. Each repeated
// item (*, +, -, %b) can multiply the work by the subject length and each optional item (?)
// doubles it — each try then walking the pattern again, so optionals also weigh by its length.
// Refuse a call whose worst case, length ^ (repetitions + 1 if unanchored) x 2 ^ optionals
// (x the pattern's length when it has optionals), exceeds the budget: measured, the budget of
// 1e9 steps is a second or two of matching.

static int pattern_repetitions(const char *p, size_t len, int *anchored, int *optionals) {
    size_t i = 0;
    int reps = 0;
    *optionals = 0;
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
        else if (i < len && p[i] == '?') { (*optionals)++; i++; }
    }
    return reps;
}

static int guarded_pattern_call(lua_State *L) {
    check_deadline(L);
    lx_ctx *c = ctx_of(L);
    size_t slen, plen;
    const char *fname = lua_tostring(L, lua_upvalueindex(2));
    int plain = strcmp(fname, "find") == 0 && lua_toboolean(L, 4);
    if (c->pattern_steps > 0 && !plain && lua_type(L, 1) == LUA_TSTRING && lua_type(L, 2) == LUA_TSTRING) {
        lua_tolstring(L, 1, &slen);
        const char *p = lua_tolstring(L, 2, &plen);
        int anchored, optionals;
        int reps = pattern_repetitions(p, plen, &anchored, &optionals);
        if (reps > 0 || optionals > 0) {
            double cost = pow((double)slen + 1.0, (double)reps + (anchored ? 0 : 1)) * pow(2.0, (double)optionals)
                * (optionals > 0 ? (double)plen : 1.0);
            if (cost > c->pattern_steps) {
                char counts[64], numbers[64];
                if (optionals > 0) snprintf(counts, sizeof counts, "%d repetitions, %d optional items", reps, optionals);
                else snprintf(counts, sizeof counts, "%d repetitions", reps);
                snprintf(numbers, sizeof numbers, "worst case %.3g steps, limit %.3g", cost, c->pattern_steps);
                return luaL_error(L, "string.%s: pattern \"%s\" is too costly for a %d-byte subject "
                                     "(%s, %s); simplify the pattern or shorten the subject",
                                  fname, p, (int)slen, counts, numbers);
            }
        }
    }
    return call_wrapped(L);
}
// ---------------------------------------------------------------------------------------------
// Library calls that run in C: the count hook fires between Lua instructions only, so a loop of
// calls that each take milliseconds (table.insert at the front of a long list, a long find)
// would outrun the deadline by as many hook steps. Each library function checks the deadline
// first; what one call can do alone is bounded by the memory budget and the guards below.

static int deadline_checked_call(lua_State *L) {
    check_deadline(L);
    return call_wrapped(L);
}

// table.move copies nils as readily as values, so memory does not bound it: cap the count.
#define LX_MOVE_LIMIT 10000000

static int guarded_move(lua_State *L) {
    check_deadline(L);
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
    if (e >= f && (lua_Unsigned)e - (lua_Unsigned)f >= LX_MOVE_LIMIT) {
        return luaL_error(L, "table.move: %I elements is more than the %d one call may move; move fewer",
                          (lua_Integer)((lua_Unsigned)e - (lua_Unsigned)f + 1), LX_MOVE_LIMIT);
    }
    return call_wrapped(L);
}

// table.sort without a comparator sorts in C from start to end: a list of millions takes seconds.
// Long lists get a comparator of ours that compares as `<` does and checks the deadline.
#define LX_SORT_CHECKED_FROM 50000

static int deadline_checked_less(lua_State *L) {
    lua_Integer *count = (lua_Integer *)lua_touserdata(L, lua_upvalueindex(1));
    if ((++*count & 4095) == 0) check_deadline(L);
    lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT));
    return 1;
}

// A list of strings sorted with no comparator, in C: Lua's own sort calls back into the VM for
// each comparison (a pack sorting its evidence ids did so 13 million times at 5,000 managers).
// Strings order as `<` orders them: by their bytes (strcoll in the C locale the host never
// leaves), a prefix first. Equal strings are the same value, so the list ends up the same.
typedef struct sort_entry {
    const char *bytes;
    size_t length;
    lua_Integer from;  // its place before sorting; 0 once its place is filled
} sort_entry;

static int entry_order(const void *x, const void *y) {
    const sort_entry *a = x, *b = y;
    int order = memcmp(a->bytes, b->bytes, a->length < b->length ? a->length : b->length);
    if (order != 0) return order;
    return (a->length > b->length) - (a->length < b->length);
}

// Sorts the plain table at 1 here when its elements 1..#t are all strings, and says whether it did.
static int sorted_strings(lua_State *L) {
    if (lua_gettop(L) != 1 || lua_type(L, 1) != LUA_TTABLE) return 0;
    if (lua_getmetatable(L, 1)) { lua_pop(L, 1); return 0; }
    lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
    if (n < 2 || n >= LX_SORT_CHECKED_FROM) return 0;
    sort_entry *entries = malloc((size_t)n * sizeof *entries);
    int sorted = 0;
    if (!entries) goto done;
    for (lua_Integer i = 1; i <= n; i++) {
        int type = lua_rawgeti(L, 1, i);
        if (type == LUA_TSTRING) {
            // the table keeps the string alive, and nothing below allocates
            size_t length;
            const char *bytes = lua_tolstring(L, -1, &length);
            entries[i - 1] = (sort_entry){bytes, length, i};
        }
        lua_pop(L, 1);
        if (type != LUA_TSTRING) goto done;  // Lua's sort says what it cannot compare
    }
    qsort(entries, (size_t)n, sizeof *entries, entry_order);
    // Place i takes the element from entries[i - 1].from: walk each cycle of moves once.
    for (lua_Integer start = 1; start <= n; start++) {
        if (entries[start - 1].from == 0) continue;
        lua_rawgeti(L, 1, start);  // held on the stack while the cycle shifts into its place
        lua_Integer at = start;
        for (;;) {
            lua_Integer from = entries[at - 1].from;
            entries[at - 1].from = 0;
            if (from == start) break;
            lua_rawgeti(L, 1, from);
            lua_rawseti(L, 1, at);
            at = from;
        }
        lua_rawseti(L, 1, at);
    }
    sorted = 1;
done:
    free(entries);
    return sorted;
}

static int guarded_sort(lua_State *L) {
    check_deadline(L);
    if (sorted_strings(L)) return 0;
    if (lua_gettop(L) == 1 && lua_type(L, 1) == LUA_TTABLE && luaL_len(L, 1) >= LX_SORT_CHECKED_FROM) {
        lua_Integer *count = (lua_Integer *)lua_newuserdatauv(L, sizeof(lua_Integer), 0);
        *count = 0;
        lua_pushcclosure(L, deadline_checked_less, 1);
    }
    return call_wrapped(L);
}

// A coroutine inherits its creator's hooks: one made in an uncounted run would have none for the
// watchdog's signal to set (which reaches the run's own thread), so the run is counted instead.
static int counted_coroutine(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lx_ctx *c = ctx_of(L);
    if (c->uncounted) trip(L, c, LX_TRIP_RECOUNT);
    return call_wrapped(L);
}

/// Replaces each named function of the table on top with a deadline-checked one.
static void check_deadlines_of(lua_State *L, const char *const *names) {
    for (; *names; names++) {
        if (lua_getfield(L, -1, *names) != LUA_TFUNCTION) { lua_pop(L, 1); continue; }
        lua_CFunction guard = deadline_checked_call;
        if (strcmp(*names, "move") == 0) guard = guarded_move;
        if (strcmp(*names, "sort") == 0) guard = guarded_sort;
        lua_pushcclosure(L, guard, 1);
        lua_setfield(L, -2, *names);
    }
}

// As Lua's ipairs (its iterator is the upvalue), but a list of records gets an iterator of its own.
static int sandbox_ipairs(lua_State *L) {
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    int pushed = lx_ipairs_list(L);
    if (pushed) return pushed;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    return 3;
}

// ---------------------------------------------------------------------------------------------
// State set-up: open the safe libraries, build the hidden base environment from an allow-list.

static void copy_fields(lua_State *L, int from, const char *const *names) {
    for (; *names; names++) {
        lua_getfield(L, from, *names);
        lua_setfield(L, -2, *names);
    }
}

int setup_sandbox(lua_State *L) {
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    luaL_requiref(L, LUA_COLIBNAME, luaopen_coroutine, 1);
    lua_settop(L, 0);
    make_readonly_mt(L);

    lua_pushglobaltable(L);  // 1: the real globals, never shown to scripts
    lua_newtable(L);         // 2: base
    static const char *const base_names[] = {
        "assert", "error", "next", "pairs", "rawequal", "rawget", "rawlen", "select",
        "tonumber", "getmetatable", "_VERSION", NULL};
    lua_pushvalue(L, 2);
    copy_fields(L, 1, base_names);
    lua_pop(L, 1);

    // ipairs: Lua's own, but a list of records is walked by an iterator of the records' (records.c)
    lua_getfield(L, 1, "ipairs");
    lua_newtable(L);
    lua_call(L, 1, 1);  // Lua's iterator, which ipairs returns first
    lua_pushcclosure(L, sandbox_ipairs, 1);
    lua_setfield(L, 2, "ipairs");
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
    check_deadlines_of(L, string_names);
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
        if (libs[i].names == table_names || libs[i].names == utf8_names) check_deadlines_of(L, libs[i].names);
        if (libs[i].names == co_names) {
            static const char *const making[] = {"create", "wrap"};
            for (int m = 0; m < 2; m++) {
                lua_getfield(L, -1, making[m]);
                lua_pushcclosure(L, counted_coroutine, 1);
                lua_setfield(L, -2, making[m]);
            }
        }
        wrap_readonly(L);
        lua_setfield(L, 2, libs[i].lib);
        lua_pop(L, 1);
    }

    lua_pushvalue(L, 2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lx_base_env_key);

    lua_newtable(L);  // the base's own metatable: a name it does not have is an error
    lua_pushcfunction(L, strict_index);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, 2);

    lua_newtable(L);  // strict metatable for chunk environments
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, strict_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lx_strict_mt_key);

    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lx_preload_key);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lx_loaded_key);
    lua_settop(L, 0);
    return 0;
}

int lx_load(lua_State *L, const char *bytes, size_t length, const char *chunkname, int binary) {
    int status = luaL_loadbufferx(L, bytes, length, chunkname, binary ? "b" : "t");
    if (status != LUA_OK) return status;
    push_strict_env(L);
    set_chunk_env(L, lua_gettop(L) - 1, lua_gettop(L));
    lua_pop(L, 1);
    return LUA_OK;
}

void lx_preload(lua_State *L, const char *name) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_preload_key);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

void lx_set_global(lua_State *L, const char *name) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_base_env_key);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

void lx_provide(lua_State *L, const char *name) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_loaded_key);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
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


#include "internal.h"

#include <string.h>

// ---------------------------------------------------------------------------------------------
// Read-only views: a userdata whose user values are [data table, shape, sorted keys (cached)],
// and for a lazy view also [loader, lazy keys]. Scripts index, measure and iterate them; they
// can never change them. A view with a shape knows its field names: reading any other name is
// an error that suggests the nearest, so a misspelt field cannot silently read nil.

enum { SLOT_DATA = 1, SLOT_SHAPE = 2, SLOT_SORTED = 3, SLOT_LOADER = 4, SLOT_LAZY_KEYS = 5 };

static void load_lazy(lua_State *L, int proxy, int data, int key) {
    if (lua_getiuservalue(L, proxy, SLOT_LOADER) != LUA_TFUNCTION) { lua_pop(L, 1); return; }
    lua_pushvalue(L, key);
    lua_call(L, 1, 1);
    if (!lua_isnil(L, -1)) {
        lua_pushvalue(L, key);
        lua_pushvalue(L, -2);
        lua_rawset(L, data);
    }
    lua_pop(L, 1);
}

// Edit distance between two byte strings (for suggestions; names are short).
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb) {
    size_t row[64];
    if (lb >= sizeof row / sizeof row[0]) return (size_t)-1;
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t above = row[j];
            size_t best = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (above + 1 < best) best = above + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[lb];
}

// The shape at `shape` refuses `key`: raise "<label> has no <noun> 'key' (did you mean x?)<hint>".
int lx_refuse_unknown(lua_State *L, int shape, int key) {
    size_t length;
    const char *name = lua_tolstring(L, key, &length);
    size_t limit = length / 3 > 2 ? length / 3 : 2, best = limit + 1;
    const char *nearest = NULL;
    lua_getfield(L, shape, "names");
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
        size_t l;
        const char *candidate = (lua_rawgeti(L, -1, i), lua_tolstring(L, -1, &l));
        size_t d = edit_distance(name, length, candidate, l);
        if (d < best) { best = d; nearest = candidate; }
        lua_pop(L, 1);  // the names list keeps `candidate` alive
    }
    lua_getfield(L, shape, "label");
    lua_getfield(L, shape, "noun");
    lua_getfield(L, shape, "hint");
    const char *hint = lua_tostring(L, -1);
    if (nearest)
        return luaL_error(L, "%s has no %s '%s' (did you mean %s?)%s%s", lua_tostring(L, -3), lua_tostring(L, -2), name, nearest,
                          hint ? "; " : "", hint ? hint : "");
    return luaL_error(L, "%s has no %s '%s'%s%s", lua_tostring(L, -3), lua_tostring(L, -2), name, hint ? "; " : "", hint ? hint : "");
}

static int readonly_index(lua_State *L) {
    lua_getiuservalue(L, 1, SLOT_DATA);
    lua_pushvalue(L, 2);
    if (lua_rawget(L, -2) != LUA_TNIL || lua_type(L, 2) != LUA_TSTRING) return 1;
    lua_pop(L, 1);
    load_lazy(L, 1, lua_gettop(L), 2);
    lua_pushvalue(L, 2);
    if (lua_rawget(L, -2) != LUA_TNIL) return 1;
    // Absent: fine for a field the shape knows (an optional one), an error for any other name.
    if (lua_getiuservalue(L, 1, SLOT_SHAPE) == LUA_TTABLE) {
        int shape = lua_gettop(L);
        lua_getfield(L, shape, "fields");
        lua_pushvalue(L, 2);
        if (lua_rawget(L, -2) == LUA_TNIL) return lx_refuse_unknown(L, shape, 2);
    }
    lua_pushnil(L);
    return 1;
}

int lx_refuse_change(lua_State *L) {
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "attempt to change read-only field '%s' (%s)", lua_tostring(L, 2), ctx_of(L)->texts.readonly_hint);
    return luaL_error(L, "attempt to change a read-only table (%s)", ctx_of(L)->texts.readonly_hint);
}

static int readonly_len(lua_State *L) {
    lua_getiuservalue(L, 1, SLOT_DATA);
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
    lua_getiuservalue(L, 1, SLOT_DATA);  // 2: data
    if (lua_getiuservalue(L, 1, SLOT_LAZY_KEYS) == LUA_TTABLE) {  // 3: lazy keys
        lua_Integer n = (lua_Integer)lua_rawlen(L, 3);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, 3, i);
            lua_pushvalue(L, -1);
            if (lua_rawget(L, 2) == LUA_TNIL) load_lazy(L, 1, 2, lua_gettop(L) - 1);
            lua_pop(L, 2);
        }
    }
    lua_pop(L, 1);
    if (lua_getiuservalue(L, 1, SLOT_SORTED) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);  // 3: sorted keys
        lua_Integer n = 0;
        lua_pushnil(L);
        while (lua_next(L, 2)) {
            lua_pop(L, 1);
            lua_pushvalue(L, -1);
            lua_rawseti(L, 3, ++n);
        }
        lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_readonly_mt_key);
        lua_getfield(L, -1, "__sort_keys");
        lua_remove(L, -2);
        lua_pushvalue(L, 3);
        lua_pushcfunction(L, key_less);
        lua_call(L, 2, 0);
        lua_pushvalue(L, 3);
        lua_setiuservalue(L, 1, SLOT_SORTED);
    }
    lua_pushvalue(L, 2);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, sorted_next, 3);
    lua_pushnil(L);
    lua_pushnil(L);
    return 3;
}

int lx_view_tostring(lua_State *L) {
    lua_pushliteral(L, "table (read-only)");
    return 1;
}

void lx_push_readonly(lua_State *L, int with_loader, int lazy_key_count, const char *const *lazy_keys, int shape) {
    int data = lua_absindex(L, with_loader ? -2 : -1);
    lua_newuserdatauv(L, 0, with_loader ? 5 : 3);
    lua_pushvalue(L, data);
    lua_setiuservalue(L, -2, SLOT_DATA);
    if (shape != 0) {
        lua_pushvalue(L, shape);
        lua_setiuservalue(L, -2, SLOT_SHAPE);
    }
    if (with_loader) {
        lua_pushvalue(L, data + 1);
        lua_setiuservalue(L, -2, SLOT_LOADER);
        lua_createtable(L, lazy_key_count, 0);
        for (int i = 0; i < lazy_key_count; i++) {
            lua_pushstring(L, lazy_keys[i]);
            lua_rawseti(L, -2, i + 1);
        }
        lua_setiuservalue(L, -2, SLOT_LAZY_KEYS);
    }
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_readonly_mt_key);
    lua_setmetatable(L, -2);
    lua_replace(L, data);
    lua_settop(L, data);
}

int lx_is_readonly(lua_State *L, int idx) { return lx_view_kind(L, idx) != LX_VIEW_NONE; }

void lx_push_readonly_data(lua_State *L, int idx) { lua_getiuservalue(L, idx, SLOT_DATA); }

void lx_push_shape(lua_State *L, const char *label, const char *noun, const char *hint, int count, const char *const *names) {
    lua_createtable(L, 0, 5);
    lua_pushstring(L, label);
    lua_setfield(L, -2, "label");
    lua_pushstring(L, noun);
    lua_setfield(L, -2, "noun");
    if (hint) {
        lua_pushstring(L, hint);
        lua_setfield(L, -2, "hint");
    }
    lua_createtable(L, count, 0);
    lua_createtable(L, 0, count);
    for (int i = 0; i < count; i++) {
        lua_pushstring(L, names[i]);
        lua_rawseti(L, -3, i + 1);
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, names[i]);
    }
    lua_setfield(L, -3, "fields");
    lua_setfield(L, -2, "names");
}

void make_readonly_mt(lua_State *L) {
    lua_newtable(L);
    lua_pushcfunction(L, readonly_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, lx_refuse_change);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, readonly_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, readonly_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushcfunction(L, lx_view_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    // table.sort, kept here for key ordering (scripts cannot reach a metatable behind __metatable)
    lua_getglobal(L, "table");
    lua_getfield(L, -1, "sort");
    lua_setfield(L, -3, "__sort_keys");
    lua_pop(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lx_readonly_mt_key);
}


// Pops a table and pushes its read-only view (no loader).
void wrap_readonly(lua_State *L) { lx_push_readonly(L, 0, 0, NULL, 0); }

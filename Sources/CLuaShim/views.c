#include "internal.h"

#include <string.h>

// ---------------------------------------------------------------------------------------------
// Read-only views: a userdata whose user values are [data table, sorted keys (cached)], or for a
// lazy view [data table, loader, lazy keys, sorted keys]. Scripts index, measure and iterate
// them; they can never change them.

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
        return luaL_error(L, "attempt to change read-only field '%s' (%s)", lua_tostring(L, 2), ctx_of(L)->texts.readonly_hint);
    return luaL_error(L, "attempt to change a read-only table (%s)", ctx_of(L)->texts.readonly_hint);
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
        lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_readonly_mt_key);
        lua_getfield(L, -1, "__sort_keys");
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
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_readonly_mt_key);
    lua_setmetatable(L, -2);
    lua_replace(L, data);
    lua_settop(L, data);
}

int lx_is_readonly(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_readonly_mt_key);
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same;
}

void lx_push_readonly_data(lua_State *L, int idx) { lua_getiuservalue(L, idx, 1); }

void make_readonly_mt(lua_State *L) {
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
    // table.sort, kept here for key ordering (scripts cannot reach a metatable behind __metatable)
    lua_getglobal(L, "table");
    lua_getfield(L, -1, "sort");
    lua_setfield(L, -3, "__sort_keys");
    lua_pop(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lx_readonly_mt_key);
}


// Pops a table and pushes its read-only view (no loader).
void wrap_readonly(lua_State *L) { lx_push_readonly(L, 0, 0, NULL); }

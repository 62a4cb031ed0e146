#include "internal.h"

// ---------------------------------------------------------------------------------------------
// Coverage: every line a run executes, recorded outside the memory budget.

// coverage[source][line] = true
void record_line(lua_State *L, lx_ctx *c, lua_Debug *ar) {
    if (!lua_getinfo(L, "S", ar) || ar->source[0] != '@') return;
    int enforcing = c->enforcing;
    c->enforcing = 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_coverage_key);
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

void lx_enable_coverage(lua_State *L) {
    lx_ctx *c = ctx_of(L);
    if (c->coverage) return;
    c->coverage = 1;
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lx_coverage_key);
}

void lx_push_coverage(lua_State *L) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_coverage_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
    }
}


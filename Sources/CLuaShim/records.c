#include "internal.h"

#include <stdlib.h>
#include <string.h>

// ---------------------------------------------------------------------------------------------
// Records: read-only proxies over a column store the host fills once and every Lua state shares.
// A record is a small userdata (its kind and position); reading a field reads its cell. Nothing
// is copied into Lua up front, so a state pays only for the records a script touches, and many
// states (one per worker) read the same immutable store. Proxies behave as the read-only views
// of views.c do: unknown field names are errors naming the nearest, writes are refused, `#` and
// `pairs` work (in the same key order), and `type` says "table".

typedef struct lx_kind {
    char *label;
    int field_count;
    char **names;
    uint8_t *types;
    int *children;      // per list field: the kind of its elements
    int *sorted;        // field positions in byte-wise name order (the order `pairs` walks)
    int scalar;         // a list of this kind yields its elements' first field, not records
    int *list_slots;    // per list field: the proxy's user value that keeps its list, from 1
    int list_count;
    uint32_t count;
    uint64_t *cells;    // count × field_count
} lx_kind;

struct lx_store {
    int kind_count;
    lx_kind kinds[LX_STORE_MAX_KINDS];
    char *text;         // each text: a 4-byte length, then its bytes
    size_t text_length, text_capacity;
    uint32_t **position_lists;
    size_t position_list_count;
};

lx_store *lx_store_new(void) {
    lx_store *s = calloc(1, sizeof *s);
    return s;
}

void lx_store_free(lx_store *s) {
    if (!s) return;
    for (int k = 0; k < s->kind_count; k++) {
        lx_kind *kind = &s->kinds[k];
        for (int f = 0; f < kind->field_count; f++) free(kind->names[f]);
        free(kind->label);
        free(kind->names);
        free(kind->types);
        free(kind->children);
        free(kind->sorted);
        free(kind->list_slots);
        free(kind->cells);
    }
    for (size_t i = 0; i < s->position_list_count; i++) free(s->position_lists[i]);
    free(s->position_lists);
    free(s->text);
    free(s);
}

static char *copy_text(const char *text) {
    size_t n = strlen(text) + 1;
    char *copy = malloc(n);
    if (copy) memcpy(copy, text, n);
    return copy;
}

static int name_less(const lx_kind *kind, int a, int b) { return strcmp(kind->names[a], kind->names[b]) < 0; }

int lx_store_add_kind(lx_store *s, const char *label, int field_count, const char *const *names, const uint8_t *types,
                      const int *children, int scalar, uint32_t count) {
    if (s->kind_count == LX_STORE_MAX_KINDS || field_count <= 0 || field_count > LX_STORE_MAX_FIELDS) return -1;
    lx_kind *kind = &s->kinds[s->kind_count];
    kind->label = copy_text(label);
    kind->field_count = field_count;
    kind->names = calloc((size_t)field_count, sizeof *kind->names);
    kind->types = calloc((size_t)field_count, 1);
    kind->children = calloc((size_t)field_count, sizeof *kind->children);
    kind->sorted = calloc((size_t)field_count, sizeof *kind->sorted);
    kind->list_slots = calloc((size_t)field_count, sizeof *kind->list_slots);
    kind->cells = calloc(count ? (size_t)count * (size_t)field_count : 1, sizeof *kind->cells);
    if (!kind->label || !kind->names || !kind->types || !kind->children || !kind->sorted || !kind->list_slots || !kind->cells) return -1;
    kind->scalar = scalar;
    kind->count = count;
    for (int f = 0; f < field_count; f++) {
        kind->names[f] = copy_text(names[f]);
        if (!kind->names[f]) return -1;
        kind->types[f] = types[f];
        kind->children[f] = children ? children[f] : -1;
        if (types[f] == LX_FIELD_LIST) kind->list_slots[f] = ++kind->list_count;
        // insertion sort: a kind has a handful of fields
        int at = f;
        while (at > 0 && name_less(kind, f, kind->sorted[at - 1])) { kind->sorted[at] = kind->sorted[at - 1]; at--; }
        kind->sorted[at] = f;
    }
    return s->kind_count++;
}

uint64_t *lx_store_cells(lx_store *s, int kind) { return s->kinds[kind].cells; }

uint64_t lx_store_text(lx_store *s, const char *bytes, size_t length) {
    if (length > UINT32_MAX) return LX_CELL_NIL;
    size_t need = s->text_length + 4 + length;
    if (need > s->text_capacity) {
        size_t capacity = s->text_capacity ? s->text_capacity : 1 << 16;
        while (capacity < need) capacity *= 2;
        char *grown = realloc(s->text, capacity);
        if (!grown) return LX_CELL_NIL;
        s->text = grown;
        s->text_capacity = capacity;
    }
    uint32_t n = (uint32_t)length;
    memcpy(s->text + s->text_length, &n, 4);
    if (length) memcpy(s->text + s->text_length + 4, bytes, length);
    uint64_t cell = (uint64_t)s->text_length + 1;
    s->text_length = need;
    return cell;
}

uint32_t *lx_store_positions(lx_store *s, size_t count) {
    uint32_t **lists = realloc(s->position_lists, (s->position_list_count + 1) * sizeof *lists);
    if (!lists) return NULL;
    s->position_lists = lists;
    uint32_t *list = malloc(count ? count * sizeof *list : 1);
    if (list) lists[s->position_list_count++] = list;
    return list;
}

// ---------------------------------------------------------------------------------------------
// Per state: one userdata holds the store, each kind's field names as this state's interned
// strings (so a field is found by comparing pointers), and as user values each kind's proxy
// cache and shape. Records and lists have one metatable each, whose functions see it as upvalue.

typedef struct lx_records {
    const lx_store *store;
    const char *names[LX_STORE_MAX_KINDS][LX_STORE_MAX_FIELDS];
    size_t lengths[LX_STORE_MAX_KINDS][LX_STORE_MAX_FIELDS];
} lx_records;

typedef struct record_proxy {
    uint32_t position;
    int32_t kind;
} record_proxy;

typedef struct list_proxy {
    const uint32_t *positions;  // NULL: the run start ..< start + count
    uint32_t start, count;
    int32_t kind;
} list_proxy;

enum { UV_CACHE = 1, UV_SHAPE = 2 };  // per kind k: user value 2k + slot

char lx_records_key;
char lx_record_mt_key;
char lx_list_mt_key;

static lx_records *records_of(lua_State *L) { return (lx_records *)lua_touserdata(L, lua_upvalueindex(1)); }

// Proxies and the strings a read pushes are the host's allocations, not the script's: like host
// functions (run.c), they are left out of the memory budget.
typedef struct host_allocation {
    lx_ctx *ctx;
    int enforcing;
    size_t used;
} host_allocation;

static host_allocation host_begin(lua_State *L) {
    lx_ctx *c = ctx_of(L);
    host_allocation a = {c, c->enforcing, c->used};
    c->enforcing = 0;
    return a;
}

static void host_end(host_allocation a) {
    a.ctx->enforcing = a.enforcing;
    if (a.ctx->used > a.used) a.ctx->limit += a.ctx->used - a.used;
}

void lx_push_list(lua_State *L, int kind, const uint32_t *positions, uint32_t start, uint32_t count) {
    list_proxy *p = lua_newuserdatauv(L, sizeof *p, 0);
    p->positions = positions;
    p->start = start;
    p->count = count;
    p->kind = kind;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_list_mt_key);
    lua_setmetatable(L, -2);
}

static void push_text(lua_State *L, const lx_store *s, uint64_t cell) {
    uint32_t n;
    const char *at = s->text + (cell - 1);
    memcpy(&n, at, 4);
    lua_pushlstring(L, at + 4, n);
}

// Pushes field `f` of a record; a list field's list is made once and kept in a user value of
// the record's proxy (`proxy`, 0 when there is none).
static void push_field(lua_State *L, int records, const lx_kind *kind, uint32_t position, int f, int proxy) {
    const lx_records *r = lua_touserdata(L, records);
    uint64_t cell = kind->cells[(size_t)position * (size_t)kind->field_count + (size_t)f];
    switch (kind->types[f]) {
        case LX_FIELD_TEXT:
            if (cell == LX_CELL_NIL) lua_pushnil(L); else push_text(L, r->store, cell);
            return;
        case LX_FIELD_NUMBER: {
            if (cell == LX_CELL_NUMBER_NIL) { lua_pushnil(L); return; }
            double d;
            memcpy(&d, &cell, sizeof d);
            lua_pushnumber(L, d);
            return;
        }
        case LX_FIELD_BOOLEAN:
            if (cell == LX_CELL_BOOLEAN_NIL) lua_pushnil(L); else lua_pushboolean(L, cell != 0);
            return;
        case LX_FIELD_LIST:
            if (proxy && lua_getiuservalue(L, proxy, kind->list_slots[f]) != LUA_TNIL) return;
            if (proxy) lua_pop(L, 1);
            lx_push_list(L, kind->children[f], NULL, (uint32_t)(cell >> 32), (uint32_t)cell);
            if (proxy) {
                lua_pushvalue(L, -1);
                lua_setiuservalue(L, proxy, kind->list_slots[f]);
            }
            return;
        default:
            lua_pushnil(L);
    }
}

static void push_record(lua_State *L, int records, int kind, uint32_t position) {
    const lx_records *r = lua_touserdata(L, records);
    const lx_kind *k = &r->store->kinds[kind];
    if (k->scalar) { push_field(L, records, k, position, 0, 0); return; }
    int cache = (lua_getiuservalue(L, records, 2 * kind + UV_CACHE), lua_gettop(L));
    if (lua_rawgeti(L, cache, (lua_Integer)position + 1) != LUA_TNIL) { lua_remove(L, cache); return; }
    lua_pop(L, 1);
    record_proxy *p = lua_newuserdatauv(L, sizeof *p, k->list_count);
    p->position = position;
    p->kind = kind;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_record_mt_key);
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_rawseti(L, cache, (lua_Integer)position + 1);
    lua_remove(L, cache);
}

static int find_field(const lx_records *r, int kind, const lx_kind *k, lua_State *L, int key) {
    size_t length;
    const char *name = lua_tolstring(L, key, &length);
    for (int f = 0; f < k->field_count; f++)
        if (r->names[kind][f] == name) return f;
    for (int f = 0; f < k->field_count; f++)  // a long key, not interned
        if (r->lengths[kind][f] == length && memcmp(r->names[kind][f], name, length) == 0) return f;
    return -1;
}

static int record_index(lua_State *L) {
    const lx_records *r = records_of(L);
    const record_proxy *p = lua_touserdata(L, 1);
    const lx_kind *k = &r->store->kinds[p->kind];
    if (lua_type(L, 2) != LUA_TSTRING) { lua_pushnil(L); return 1; }
    int f = find_field(r, p->kind, k, L, 2);
    if (f < 0) {
        lua_getiuservalue(L, lua_upvalueindex(1), 2 * p->kind + UV_SHAPE);
        return lx_refuse_unknown(L, lua_gettop(L), 2);
    }
    host_allocation a = host_begin(L);
    push_field(L, lua_upvalueindex(1), k, p->position, f, 1);
    host_end(a);
    return 1;
}

// `pairs` walks the fields that have a value, in byte-wise name order (as views.c's views do).
static int record_next(lua_State *L) {
    const lx_records *r = records_of(L);
    const record_proxy *p = lua_touserdata(L, lua_upvalueindex(2));
    const lx_kind *k = &r->store->kinds[p->kind];
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3));
    host_allocation a = host_begin(L);
    while (i < k->field_count) {
        int f = k->sorted[i++];
        push_field(L, lua_upvalueindex(1), k, p->position, f, lua_upvalueindex(2));
        if (lua_isnil(L, -1)) { lua_pop(L, 1); continue; }
        lua_pushinteger(L, i);
        lua_replace(L, lua_upvalueindex(3));
        lua_pushstring(L, k->names[f]);
        lua_insert(L, -2);
        host_end(a);
        return 2;
    }
    host_end(a);
    lua_pushnil(L);
    return 1;
}

// `pairs(proxy)`: an iterator `next` over the proxy, whose upvalues are the records, the proxy
// and how far it has gone.
static int ordered_pairs(lua_State *L, lua_CFunction next) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, next, 3);
    lua_pushnil(L);
    lua_pushnil(L);
    return 3;
}

static int record_pairs(lua_State *L) { return ordered_pairs(L, record_next); }

static int record_len(lua_State *L) {
    lua_pushinteger(L, 0);
    return 1;
}

static int list_get(lua_State *L, const list_proxy *p, lua_Integer i) {
    if (i < 1 || i > (lua_Integer)p->count) { lua_pushnil(L); return 1; }
    uint32_t position = p->positions ? p->positions[i - 1] : p->start + (uint32_t)(i - 1);
    host_allocation a = host_begin(L);
    push_record(L, lua_upvalueindex(1), p->kind, position);
    host_end(a);
    return 1;
}

static int list_index(lua_State *L) {
    const list_proxy *p = lua_touserdata(L, 1);
    int exact = 0;
    lua_Integer i = lua_type(L, 2) == LUA_TNUMBER ? lua_tointegerx(L, 2, &exact) : 0;
    if (!exact) { lua_pushnil(L); return 1; }
    return list_get(L, p, i);
}

static int list_len(lua_State *L) {
    const list_proxy *p = lua_touserdata(L, 1);
    lua_pushinteger(L, (lua_Integer)p->count);
    return 1;
}

static int list_next(lua_State *L) {
    const list_proxy *p = lua_touserdata(L, lua_upvalueindex(2));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3)) + 1;
    if (i > (lua_Integer)p->count) { lua_pushnil(L); return 1; }
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    lua_pushinteger(L, i);
    list_get(L, p, i);
    return 2;
}

static int list_pairs(lua_State *L) { return ordered_pairs(L, list_next); }

static void make_mt(lua_State *L, int records, const void *key, lua_CFunction index, lua_CFunction len, lua_CFunction pairs) {
    lua_createtable(L, 0, 8);
    const struct { const char *name; lua_CFunction fn; } methods[] = {
        {"__index", index}, {"__newindex", lx_refuse_change}, {"__len", len}, {"__pairs", pairs},
    };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        lua_pushvalue(L, records);
        lua_pushcclosure(L, methods[i].fn, 1);
        lua_setfield(L, -2, methods[i].name);
    }
    lua_pushcfunction(L, lx_view_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

void lx_records_open(lua_State *L, const lx_store *s) {
    lx_records *r = lua_newuserdatauv(L, sizeof *r, 2 * s->kind_count);
    memset(r, 0, sizeof *r);
    r->store = s;
    int records = lua_gettop(L);
    for (int k = 0; k < s->kind_count; k++) {
        const lx_kind *kind = &s->kinds[k];
        lua_newtable(L);  // proxies by position + 1, made on first read
        lua_setiuservalue(L, records, 2 * k + UV_CACHE);
        lx_push_shape(L, kind->label, "field", NULL, kind->field_count, (const char *const *)kind->names);
        // the shape's names list keeps this state's copies of the names alive (and interned)
        lua_getfield(L, -1, "names");
        for (int f = 0; f < kind->field_count; f++) {
            lua_rawgeti(L, -1, f + 1);
            r->names[k][f] = lua_tolstring(L, -1, &r->lengths[k][f]);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        lua_setiuservalue(L, records, 2 * k + UV_SHAPE);
    }
    make_mt(L, records, &lx_record_mt_key, record_index, record_len, record_pairs);
    make_mt(L, records, &lx_list_mt_key, list_index, list_len, list_pairs);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lx_records_key);
}

void lx_push_record(lua_State *L, int kind, uint32_t position) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_records_key);
    push_record(L, lua_gettop(L), kind, position);
    lua_remove(L, -2);
}


int lx_view_kind(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return LX_VIEW_NONE;
    const void *keys[] = {&lx_readonly_mt_key, &lx_record_mt_key, &lx_list_mt_key};
    const int kinds[] = {LX_VIEW_TABLE, LX_VIEW_RECORD, LX_VIEW_LIST};
    int kind = LX_VIEW_NONE;
    for (int i = 0; i < 3 && kind == LX_VIEW_NONE; i++) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, keys[i]);
        if (lua_rawequal(L, -1, -2)) kind = kinds[i];
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return kind;
}

// The contents of a record or list proxy as a plain table (for the host reading a result).
static void push_proxy_contents(lua_State *L, int idx, int view) {
    idx = lua_absindex(L, idx);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_records_key);
    int records = lua_gettop(L);
    const lx_records *r = lua_touserdata(L, records);
    lua_newtable(L);
    if (view == LX_VIEW_RECORD) {
        const record_proxy *p = lua_touserdata(L, idx);
        const lx_kind *k = &r->store->kinds[p->kind];
        for (int f = 0; f < k->field_count; f++) {
            push_field(L, records, k, p->position, f, idx);
            lua_setfield(L, -2, k->names[f]);
        }
    } else {
        const list_proxy *p = lua_touserdata(L, idx);
        for (uint32_t i = 0; i < p->count; i++) {
            push_record(L, records, p->kind, p->positions ? p->positions[i] : p->start + i);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    }
    lua_remove(L, records);
}

void lx_push_view_data(lua_State *L, int idx) {
    int view = lx_view_kind(L, idx);
    if (view == LX_VIEW_TABLE) lx_push_readonly_data(L, idx);
    else push_proxy_contents(L, idx, view);
}

void lx_push_view_element(lua_State *L, int idx, lua_Integer position) {
    int view = lx_view_kind(L, idx);
    if (view == LX_VIEW_LIST) {
        const list_proxy *p = lua_touserdata(L, idx);
        if (position < 1 || position > (lua_Integer)p->count) { lua_pushnil(L); return; }
        lx_push_record(L, p->kind, p->positions ? p->positions[position - 1] : p->start + (uint32_t)(position - 1));
        return;
    }
    lx_push_readonly_data(L, idx);
    lua_rawgeti(L, -1, position);
    lua_remove(L, -2);
}

#include "internal.h"

#include <stdlib.h>
#include <string.h>

// ---------------------------------------------------------------------------------------------
// Records: read-only proxies over a column store the host fills once and every Lua state shares.
// A record is a light userdata: the address of its first cell, so it costs the state nothing to
// make, needs no cache to keep `deals_by_id[id] == deals[1]`, and gives the collector nothing to
// trace; reading a field reads its cell. A record's own list (a deal's members) is the address of
// that list's cell plus one. Nothing is copied into Lua up front, and many states (one per
// worker) read the same immutable store. Proxies behave as the read-only views
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
    uint32_t count;
    uint64_t *cells;    // count × field_count
} lx_kind;

// Texts, each a 4-byte length and then its bytes. A text cell is its segment in the top 16 bits
// and its offset + 1 in the rest, so 0 is no text.
typedef struct text_segment {
    char *bytes;
    size_t length, capacity;
} text_segment;

enum { TEXT_OFFSET_BITS = 48 };

struct lx_store {
    int kind_count;
    lx_kind kinds[LX_STORE_MAX_KINDS];
    text_segment text[LX_STORE_TEXT_SEGMENTS];
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
        free(kind->cells);
    }
    for (size_t i = 0; i < s->position_list_count; i++) free(s->position_lists[i]);
    free(s->position_lists);
    for (int t = 0; t < LX_STORE_TEXT_SEGMENTS; t++) free(s->text[t].bytes);
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
    kind->cells = calloc(count ? (size_t)count * (size_t)field_count : 1, sizeof *kind->cells);
    if (!kind->label || !kind->names || !kind->types || !kind->children || !kind->sorted || !kind->cells) return -1;
    kind->scalar = scalar;
    kind->count = count;
    for (int f = 0; f < field_count; f++) {
        kind->names[f] = copy_text(names[f]);
        if (!kind->names[f]) return -1;
        kind->types[f] = types[f];
        kind->children[f] = children ? children[f] : -1;
        // insertion sort: a kind has a handful of fields
        int at = f;
        while (at > 0 && name_less(kind, f, kind->sorted[at - 1])) { kind->sorted[at] = kind->sorted[at - 1]; at--; }
        kind->sorted[at] = f;
    }
    return s->kind_count++;
}

uint64_t *lx_store_cells(lx_store *s, int kind) { return s->kinds[kind].cells; }

uint64_t lx_store_text(lx_store *s, int segment, const char *bytes, size_t length) {
    if (length > UINT32_MAX || segment < 0 || segment >= LX_STORE_TEXT_SEGMENTS) return LX_CELL_NIL;
    text_segment *t = &s->text[segment];
    size_t need = t->length + 4 + length;
    if (need >= (size_t)1 << TEXT_OFFSET_BITS) return LX_CELL_NIL;
    if (need > t->capacity) {
        size_t capacity = t->capacity ? t->capacity : 1 << 16;
        while (capacity < need) capacity *= 2;
        char *grown = realloc(t->bytes, capacity);
        if (!grown) return LX_CELL_NIL;
        t->bytes = grown;
        t->capacity = capacity;
    }
    uint32_t n = (uint32_t)length;
    memcpy(t->bytes + t->length, &n, 4);
    if (length) memcpy(t->bytes + t->length + 4, bytes, length);
    uint64_t cell = ((uint64_t)segment << TEXT_OFFSET_BITS) | ((uint64_t)t->length + 1);
    t->length = need;
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
// strings (so a field is found by comparing pointers), and as user values each kind's shape.
// Every light userdata shares one metatable (Lua has one per type); its functions decode the
// address and treat anything that is not a record of this store as the plain value it is.

typedef struct lx_records {
    const lx_store *store;
    const char *names[LX_STORE_MAX_KINDS][LX_STORE_MAX_FIELDS];
    size_t lengths[LX_STORE_MAX_KINDS][LX_STORE_MAX_FIELDS];
    int recent;  // the kind the last address decoded was of: a rule reads many records of one kind in a row
} lx_records;

// A list: positions[0 ..< count], or the run start ..< start + count when positions is NULL.
typedef struct list_ref {
    const uint32_t *positions;
    uint32_t start, count;
    int32_t kind;
} list_ref;

// What a value is: a record (kind, position), a list, or neither (view is LX_VIEW_NONE).
typedef struct ref {
    int view;
    int kind;
    uint32_t position;
    list_ref list;
} ref;

char lx_records_key;
char lx_list_mt_key;

static lx_records *records_of(lua_State *L) { return (lx_records *)lua_touserdata(L, lua_upvalueindex(1)); }

static const void *record_address(const lx_kind *k, uint32_t position) { return &k->cells[(size_t)position * (size_t)k->field_count]; }

static const void *list_address(const lx_kind *k, uint32_t position, int f) {
    return (const char *)&k->cells[(size_t)position * (size_t)k->field_count + (size_t)f] + 1;
}

// Whether `a` (even) is a cell of `kind`; if so, what it is: a record, a list, or neither.
static int decode_in(const lx_store *s, int k, uintptr_t a, uintptr_t odd, ref *out) {
    const lx_kind *kind = &s->kinds[k];
    uintptr_t base = (uintptr_t)kind->cells;
    size_t cells = (size_t)kind->count * (size_t)kind->field_count;
    if (kind->scalar || a < base || a >= base + cells * sizeof(uint64_t) || (a - base) % sizeof(uint64_t)) return 0;
    size_t cell = (a - base) / sizeof(uint64_t);
    uint32_t position = (uint32_t)(cell / (size_t)kind->field_count);
    int f = (int)(cell % (size_t)kind->field_count);
    if (!odd && f == 0) {
        out->view = LX_VIEW_RECORD;
        out->kind = k;
        out->position = position;
    } else if (odd && kind->types[f] == LX_FIELD_LIST) {
        uint64_t value = kind->cells[cell];
        out->view = LX_VIEW_LIST;
        out->list = (list_ref){NULL, (uint32_t)(value >> 32), (uint32_t)value, kind->children[f]};
    }
    return 1;
}

static ref decode(lx_records *r, const void *address) {
    ref out = {LX_VIEW_NONE, 0, 0, {NULL, 0, 0, 0}};
    uintptr_t a = (uintptr_t)address, odd = a & 1;
    a -= odd;
    if (r->recent < r->store->kind_count && decode_in(r->store, r->recent, a, odd, &out)) return out;
    for (int k = 0; k < r->store->kind_count; k++) {
        if (k != r->recent && decode_in(r->store, k, a, odd, &out)) {
            r->recent = k;
            break;
        }
    }
    return out;
}

// The record or list a metamethod was called on: a light userdata, or a full one, which only
// lists are (the metatables are out of scripts' reach, so nothing else has these functions).
static ref proxy_at(lua_State *L, lx_records *r, int idx) {
    if (lua_type(L, idx) == LUA_TLIGHTUSERDATA) return decode(r, lua_touserdata(L, idx));
    return (ref){LX_VIEW_LIST, 0, 0, *(const list_ref *)lua_touserdata(L, idx)};
}

// The record or list at `idx`, whatever the value there is.
static ref ref_at(lua_State *L, lx_records *r, int idx) {
    ref out = {LX_VIEW_NONE, 0, 0, {NULL, 0, 0, 0}};
    if (r == NULL) return out;
    if (lua_type(L, idx) == LUA_TLIGHTUSERDATA) return decode(r, lua_touserdata(L, idx));
    if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return out;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_list_mt_key);
    if (lua_rawequal(L, -1, -2)) {
        out.view = LX_VIEW_LIST;
        out.list = *(const list_ref *)lua_touserdata(L, idx);
    }
    lua_pop(L, 2);
    return out;
}

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
    list_ref *p = lua_newuserdatauv(L, sizeof *p, 0);
    *p = (list_ref){positions, start, count, kind};
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_list_mt_key);
    lua_setmetatable(L, -2);
}

static void push_text(lua_State *L, const lx_store *s, uint64_t cell) {
    uint32_t n;
    const text_segment *t = &s->text[cell >> TEXT_OFFSET_BITS];
    const char *at = t->bytes + ((cell & (((uint64_t)1 << TEXT_OFFSET_BITS) - 1)) - 1);
    memcpy(&n, at, 4);
    lua_pushlstring(L, at + 4, n);
}

static void push_field(lua_State *L, const lx_records *r, const lx_kind *kind, uint32_t position, int f) {
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
            lua_pushlightuserdata(L, (void *)list_address(kind, position, f));
            return;
        default:
            lua_pushnil(L);
    }
}

static void push_record(lua_State *L, const lx_records *r, int kind, uint32_t position) {
    const lx_kind *k = &r->store->kinds[kind];
    if (k->scalar) push_field(L, r, k, position, 0);
    else lua_pushlightuserdata(L, (void *)record_address(k, position));
}

static void push_element(lua_State *L, const lx_records *r, const list_ref *list, lua_Integer i) {
    if (i < 1 || i > (lua_Integer)list->count) { lua_pushnil(L); return; }
    host_allocation a = host_begin(L);  // a scalar kind's element is a string
    push_record(L, r, list->kind, list->positions ? list->positions[i - 1] : list->start + (uint32_t)(i - 1));
    host_end(a);
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

// What Lua says of a light userdata that is not a record (one of the host's own markers).
static int not_a_record(lua_State *L) { return luaL_error(L, "attempt to index a userdata value"); }

static int record_index(lua_State *L, const lx_records *r, ref p) {
    const lx_kind *k = &r->store->kinds[p.kind];
    if (lua_type(L, 2) != LUA_TSTRING) { lua_pushnil(L); return 1; }
    int f = find_field(r, p.kind, k, L, 2);
    if (f < 0) {
        lua_getiuservalue(L, lua_upvalueindex(1), p.kind + 1);
        return lx_refuse_unknown(L, lua_gettop(L), 2);
    }
    host_allocation a = host_begin(L);
    push_field(L, r, k, p.position, f);
    host_end(a);
    return 1;
}

static int list_index(lua_State *L, const lx_records *r, const list_ref *list) {
    int exact = 0;
    lua_Integer i = lua_type(L, 2) == LUA_TNUMBER ? lua_tointegerx(L, 2, &exact) : 0;
    if (!exact) { lua_pushnil(L); return 1; }
    push_element(L, r, list, i);
    return 1;
}

static int proxy_index(lua_State *L) {
    lx_records *r = records_of(L);
    ref p = proxy_at(L, r, 1);
    if (p.view == LX_VIEW_RECORD) return record_index(L, r, p);
    if (p.view == LX_VIEW_LIST) return list_index(L, r, &p.list);
    return not_a_record(L);
}

static int proxy_newindex(lua_State *L) {
    if (proxy_at(L, records_of(L), 1).view == LX_VIEW_NONE) return not_a_record(L);
    return lx_refuse_change(L);
}

static int proxy_len(lua_State *L) {
    ref p = proxy_at(L, records_of(L), 1);
    if (p.view == LX_VIEW_NONE) return luaL_error(L, "attempt to get length of a userdata value");
    lua_pushinteger(L, p.view == LX_VIEW_LIST ? (lua_Integer)p.list.count : 0);
    return 1;
}

// `pairs` walks a record's fields that have a value, in byte-wise name order (as views.c's views
// do), and a list's elements in order. The iterator's upvalues: the records, the proxy, how far.
static int proxy_next(lua_State *L) {
    lx_records *r = records_of(L);
    ref p = proxy_at(L, r, lua_upvalueindex(2));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3));
    if (p.view == LX_VIEW_LIST) {
        if (++i > (lua_Integer)p.list.count) { lua_pushnil(L); return 1; }
        lua_pushinteger(L, i);
        lua_replace(L, lua_upvalueindex(3));
        lua_pushinteger(L, i);
        push_element(L, r, &p.list, i);
        return 2;
    }
    const lx_kind *k = &r->store->kinds[p.kind];
    host_allocation a = host_begin(L);
    while (i < k->field_count) {
        int f = k->sorted[i++];
        push_field(L, r, k, p.position, f);
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

static lx_records *records_in(lua_State *L);

// `ipairs` over a list walks it here: asking the list for each element through `__index` (from
// ipairs' own iterator) cost a metamethod call per element, and rules walk millions.
// The iterator's upvalues: the records, the list (checked when the walk began).
static int list_next(lua_State *L) {
    lx_records *r = records_of(L);
    ref p = proxy_at(L, r, lua_upvalueindex(2));
    lua_Integer i = (lua_Integer)((lua_Unsigned)luaL_checkinteger(L, 2) + 1u);  // wraps, as ipairs' own
    if (i < 1 || i > (lua_Integer)p.list.count) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushinteger(L, i);
    push_element(L, r, &p.list, i);
    return 2;
}

int lx_ipairs_list(lua_State *L) {
    lx_records *r = records_in(L);
    if (ref_at(L, r, 1).view != LX_VIEW_LIST) return 0;
    host_allocation a = host_begin(L);  // the iterator is the host's, as a list's elements are
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_records_key);
    lua_pushvalue(L, 1);
    lua_pushcclosure(L, list_next, 2);
    host_end(a);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    return 3;
}

static int proxy_pairs(lua_State *L) {
    if (proxy_at(L, records_of(L), 1).view == LX_VIEW_NONE) return luaL_error(L, "bad argument #1 to 'for iterator' (table expected, got userdata)");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, proxy_next, 3);
    lua_pushnil(L);
    lua_pushnil(L);
    return 3;
}

static int proxy_tostring(lua_State *L) {
    if (proxy_at(L, records_of(L), 1).view == LX_VIEW_NONE) lua_pushliteral(L, "userdata");
    else lua_pushliteral(L, "table (read-only)");
    return 1;
}

// The metatable of the records' light userdata (all of them) or of the lists' full userdata.
static void push_mt(lua_State *L, int records) {
    lua_createtable(L, 0, 8);
    const struct { const char *name; lua_CFunction fn; } methods[] = {
        {"__index", proxy_index}, {"__newindex", proxy_newindex}, {"__len", proxy_len}, {"__pairs", proxy_pairs},
        {"__tostring", proxy_tostring},
    };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        lua_pushvalue(L, records);
        lua_pushcclosure(L, methods[i].fn, 1);
        lua_setfield(L, -2, methods[i].name);
    }
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
}

void lx_records_open(lua_State *L, const lx_store *s) {
    lx_records *r = lua_newuserdatauv(L, sizeof *r, s->kind_count);
    memset(r, 0, sizeof *r);
    r->store = s;
    int records = lua_gettop(L);
    for (int k = 0; k < s->kind_count; k++) {
        const lx_kind *kind = &s->kinds[k];
        lx_push_shape(L, kind->label, "field", NULL, kind->field_count, (const char *const *)kind->names);
        // the shape's names list keeps this state's copies of the names alive (and interned)
        lua_getfield(L, -1, "names");
        for (int f = 0; f < kind->field_count; f++) {
            lua_rawgeti(L, -1, f + 1);
            r->names[k][f] = lua_tolstring(L, -1, &r->lengths[k][f]);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        lua_setiuservalue(L, records, k + 1);
    }
    push_mt(L, records);
    lua_pushlightuserdata(L, NULL);
    lua_pushvalue(L, -2);
    lua_setmetatable(L, -2);  // every light userdata's
    lua_pop(L, 2);
    push_mt(L, records);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lx_list_mt_key);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &lx_records_key);
}

static lx_records *records_in(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &lx_records_key);
    lx_records *r = lua_touserdata(L, -1);
    lua_pop(L, 1);  // the registry keeps it
    return r;
}

void lx_push_record(lua_State *L, int kind, uint32_t position) { push_record(L, records_in(L), kind, position); }

int lx_view_kind(lua_State *L, int idx) {
    int t = lua_type(L, idx);
    if (t == LUA_TLIGHTUSERDATA) return ref_at(L, records_in(L), idx).view;
    if (t != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return LX_VIEW_NONE;
    const void *keys[] = {&lx_readonly_mt_key, &lx_list_mt_key};
    const int kinds[] = {LX_VIEW_TABLE, LX_VIEW_LIST};
    int kind = LX_VIEW_NONE;
    for (int i = 0; i < 2 && kind == LX_VIEW_NONE; i++) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, keys[i]);
        if (lua_rawequal(L, -1, -2)) kind = kinds[i];
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return kind;
}

// The contents of a record or list as a plain table (for the host reading a result).
static void push_proxy_contents(lua_State *L, const lx_records *r, ref p) {
    lua_newtable(L);
    if (p.view == LX_VIEW_RECORD) {
        const lx_kind *k = &r->store->kinds[p.kind];
        for (int f = 0; f < k->field_count; f++) {
            push_field(L, r, k, p.position, f);
            lua_setfield(L, -2, k->names[f]);
        }
    } else {
        for (uint32_t i = 0; i < p.list.count; i++) {
            push_element(L, r, &p.list, (lua_Integer)i + 1);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    }
}

void lx_push_view_data(lua_State *L, int idx) {
    lx_records *r = records_in(L);
    ref p = ref_at(L, r, idx);
    if (p.view == LX_VIEW_NONE) lx_push_readonly_data(L, idx);  // a read-only table
    else push_proxy_contents(L, r, p);
}

void lx_push_view_element(lua_State *L, int idx, lua_Integer position) {
    lx_records *r = records_in(L);
    ref p = ref_at(L, r, idx);
    if (p.view == LX_VIEW_LIST) {
        push_element(L, r, &p.list, position);
        return;
    }
    lx_push_readonly_data(L, idx);
    lua_rawgeti(L, -1, position);
    lua_remove(L, -2);
}

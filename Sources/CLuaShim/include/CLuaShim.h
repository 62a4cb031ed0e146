// The only hand-written C: wrappers for Lua API macros Swift cannot import, and a sandboxed,
// budgeted Lua state for untrusted scripts. One file per concern: state.c (the state, its
// allocator and budgets), blocks.c (the allocator's small blocks), views.c (read-only views),
// records.c (read-only records over a store every state shares), sandbox.c (the allowed
// libraries, strict globals, require, chunk loading), run.c (protected runs and host-function
// trampolines) and coverage.c. Nothing here knows what the scripts are for: the host passes its
// own words in.
#ifndef CLUASHIM_H
#define CLUASHIM_H

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stddef.h>
#include <stdint.h>

/// LUA_REGISTRYINDEX is a macro expression; Swift imports a constant.
static const int LX_REGISTRYINDEX = LUA_REGISTRYINDEX;

/// Why a budgeted run was stopped (`lx_run_stats.tripped`).
enum {
    LX_TRIP_NONE = 0,
    LX_TRIP_INSTRUCTIONS = 1,
    LX_TRIP_TIME = 2,
    LX_TRIP_MEMORY = 3,
    /// An uncounted run outlived the time in which it could not have used its instruction
    /// budget: its result is dropped, and it must run again, counted, in a fresh state.
    LX_TRIP_RECOUNT = 4,
};

/// Budgets for one protected run; 0 means "no limit".
typedef struct lx_limits {
    int64_t instructions;
    double seconds;
    size_t memory_bytes;
    double pattern_steps;
    /// Run without the count hook when the run is short enough that it cannot have used its
    /// instruction budget (watchdog.c); the caller handles LX_TRIP_RECOUNT.
    int may_run_uncounted;
} lx_limits;

/// What one run used, and whether it tripped a budget.
typedef struct lx_run_stats {
    int tripped;
    int64_t instructions;
    size_t peak_bytes;
    /// Where the script was when a budget tripped (empty, 0 when unknown).
    char trip_source[LUA_IDSIZE];
    int trip_line;
} lx_run_stats;

/// A Swift host function: returns its number of results, or -1 with an error message pushed.
/// It must only use API calls that cannot raise; the trampoline raises for it.
typedef int (*lx_dispatch_fn)(lua_State *L, void *box);

/// The host's words in the sandbox's error messages; NULL fields take neutral defaults.
typedef struct lx_texts {
    /// What the scripts are, in "__gc metamethods are not allowed in <noun>".
    const char *script_noun;
    /// Why a read-only value cannot change: "attempt to change read-only field 'x' (<hint>)".
    const char *readonly_hint;
    /// What `require` can find: "module 'x' not found: <hint> (...)".
    const char *require_hint;
} lx_texts;

/// A new sandboxed state, or NULL when the C allocator has nothing left. `texts` is copied.
lua_State *lx_newstate(lx_dispatch_fn dispatch, const lx_texts *texts);
void lx_close(lua_State *L);

/// The Lua release Ladder is linked with ("Lua 5.4.6"), for the provenance of a recorded run.
const char *lx_release(void);

/// Loads a chunk with a fresh strict environment; pushes the function or a message. Source text,
/// or with `binary` set a chunk `lx_dump` made in this process (scripts can never load bytecode).
int lx_load(lua_State *L, const char *bytes, size_t length, const char *chunkname, int binary);
/// Pops a loaded chunk and registers it for the sandbox's `require(name)`.
void lx_preload(lua_State *L, const char *name);

/// Pops a value and makes it a global every chunk sees (e.g. a host's `print`).
void lx_set_global(lua_State *L, const char *name);

/// Pops a value and makes it what `require(name)` returns, without running anything.
void lx_provide(lua_State *L, const char *name);

/// Calls the function below `nargs` arguments under budgets; never raises.
int lx_run(lua_State *L, int nargs, int nresults, const lx_limits *limits, lx_run_stats *stats);

/// Whether runs may go uncounted in this process (`lx_limits.may_run_uncounted`): not when no
/// signal is free for the watchdog, nor under ThreadSanitizer.
int lx_can_run_uncounted(void);

/// Pops a table and pushes a read-only view of it. When `with_loader` is set the stack holds
/// [table, loader] and a missing key is asked of `loader(key)` once, then kept. `shape` is the
/// stack index of a shape (`lx_push_shape`) or 0: with one, reading a name the shape does not
/// list is an error.
void lx_push_readonly(lua_State *L, int with_loader, int lazy_key_count, const char *const *lazy_keys, int shape);
/// Pushes a shape: the names a view may be read by, and how to word a refusal —
/// "<label> has no <noun> 'x' (did you mean y?); <hint>" (hint may be NULL).
void lx_push_shape(lua_State *L, const char *label, const char *noun, const char *hint, int count, const char *const *names);
/// 1 when the value at `idx` is a read-only view.
int lx_is_readonly(lua_State *L, int idx);

/// What a value is, among the read-only values scripts see (`lx_view_kind`).
enum { LX_VIEW_NONE = 0, LX_VIEW_TABLE = 1, LX_VIEW_RECORD = 2, LX_VIEW_LIST = 3 };
int lx_view_kind(lua_State *L, int idx);
/// Pushes the contents of any read-only value at `idx` as a table (a record's fields, a list's
/// elements); for a view, the table behind it.
void lx_push_view_data(lua_State *L, int idx);
/// Pushes element `position` (from 1) of the read-only list at `idx`, or nil.
void lx_push_view_element(lua_State *L, int idx, lua_Integer position);

// ---------------------------------------------------------------------------------------------
// Records (records.c): a column store the host fills once, read by many states; a record is a
// light userdata (its first cell's address), so every light userdata a state sees has the
// records' metatable, which treats any other address as the plain value it is.

typedef struct lx_store lx_store;
enum { LX_STORE_MAX_KINDS = 16, LX_STORE_MAX_FIELDS = 16, LX_STORE_TEXT_SEGMENTS = 8 };
/// A field's type, which says how its 64-bit cell reads.
enum {
    LX_FIELD_TEXT = 0,     // lx_store_text's cell, or LX_CELL_NIL
    LX_FIELD_NUMBER = 1,   // a double's bits, or LX_CELL_NUMBER_NIL
    LX_FIELD_BOOLEAN = 2,  // 0, 1, or LX_CELL_BOOLEAN_NIL
    LX_FIELD_LIST = 3,     // lx_cell_list: a run of the field's child kind
};
static const uint64_t LX_CELL_NIL = 0;
static const uint64_t LX_CELL_NUMBER_NIL = 0x7FF8DEADBEEF0001ull;  // a NaN JSON cannot write
static const uint64_t LX_CELL_BOOLEAN_NIL = 2;
static inline uint64_t lx_cell_number(double value) { uint64_t c; __builtin_memcpy(&c, &value, sizeof c); return c; }
static inline uint64_t lx_cell_list(uint32_t start, uint32_t count) { return ((uint64_t)start << 32) | count; }

lx_store *lx_store_new(void);
void lx_store_free(lx_store *store);
/// Adds a kind of `count` records (cells zeroed) and returns its number, or -1. `children` gives
/// each list field's element kind (NULL when none). A `scalar` kind has one field, and a list of
/// it yields that field's values rather than records.
int lx_store_add_kind(lx_store *store, const char *label, int field_count, const char *const *names, const uint8_t *types,
                      const int *children, int scalar, uint32_t count);
/// The kind's cells, record after record, field after field.
uint64_t *lx_store_cells(lx_store *store, int kind);
/// Copies text into one of the store's text segments and returns its cell (LX_CELL_NIL when
/// memory ran out). Each segment grows on its own, so threads may fill different segments at once.
uint64_t lx_store_text(lx_store *store, int segment, const char *bytes, size_t length);
/// Room for `count` positions the store owns (for lists over chosen records), or NULL.
uint32_t *lx_store_positions(lx_store *store, size_t count);

/// Lets this state read `store` (which must outlive it): once per state, before the pushes below.
void lx_records_open(lua_State *L, const lx_store *store);
/// Pushes record `position` of `kind` (the same value every time, in every state).
void lx_push_record(lua_State *L, int kind, uint32_t position);
/// Pushes a read-only list of records of `kind`: `positions[0 ..< count]`, or when `positions`
/// is NULL the run `start ..< start + count`.
void lx_push_list(lua_State *L, int kind, const uint32_t *positions, uint32_t start, uint32_t count);
/// `ipairs` of the value at 1 when it is a list of records: pushes the walk's iterator, state and
/// first index and returns 3; returns 0, pushing nothing, for any other value.
int lx_ipairs_list(lua_State *L);

/// Pushes a host function whose calls go to the dispatcher with `box`.
void lx_push_host(lua_State *L, void *box);

/// From now on, runs record every line they execute (coverage[chunk][line] = true).
void lx_enable_coverage(lua_State *L);
/// Pushes the coverage table (empty when coverage is off).
void lx_push_coverage(lua_State *L);
/// The function at the top, dumped as bytecode with debug information (malloc'd; free it), or
/// NULL: a source compiled once and loaded into many states, and the lines that hold code.
unsigned char *lx_dump(lua_State *L, size_t *size);

/// Bytes the state holds now.
size_t lx_memory_in_use(lua_State *L);
/// Stops (pause = 1) or restarts the collector; returns whether it was running. Building a
/// large read-only table makes no garbage, so collecting while building is wasted work.
int lx_pause_collector(lua_State *L, int pause);

static inline void lx_pop(lua_State *L, int n) { lua_settop(L, -(n)-1); }
static inline void lx_remove(lua_State *L, int idx) { lua_rotate(L, idx, -1); lua_settop(L, -2); }
static inline void lx_insert(lua_State *L, int idx) { lua_rotate(L, idx, 1); }
static inline int lx_upvalueindex(int i) { return lua_upvalueindex(i); }

#endif

#include "internal.h"

#include <stdlib.h>
#include <string.h>

// ---------------------------------------------------------------------------------------------
// Small blocks for a Lua state: strings, tables, closures and the like are mostly under 256
// bytes, made and collected by the million. Each size class (16 bytes apart) keeps a list of the
// blocks the collector gave back, and new blocks are cut from 64 KiB chunks; larger blocks go to
// malloc. Lua always says how large the block it frees or resizes is, so blocks carry no header.
// A state is used by one thread at a time, so nothing here locks. The chunks go back to malloc
// when the state closes.

enum { STEP = LX_BLOCK_STEP, CHUNK_BYTES = 64 * 1024 };

// A chunk's header, one step long so the blocks after it stay 16-byte aligned.
typedef struct chunk { struct chunk *next; char pad[STEP - sizeof(struct chunk *)]; } chunk;

static int is_small(size_t size) { return size - 1 < LX_BLOCK_SMALL_MAX; }  // 0 is not: it wraps
static size_t class_of(size_t size) { return (size - 1) / STEP; }

static void *take(lx_blocks *b, size_t size) {
    if (!is_small(size)) return malloc(size);
    size_t k = class_of(size);
    void *block = b->free[k];
    if (block) {
        memcpy(&b->free[k], block, sizeof(void *));
        return block;
    }
    size_t bytes = (k + 1) * STEP;
    if ((size_t)(b->end - b->at) < bytes) {
        chunk *c = malloc(CHUNK_BYTES);
        if (c == NULL) return NULL;
        c->next = b->chunks;
        b->chunks = c;
        b->at = (char *)(c + 1);
        b->end = (char *)c + CHUNK_BYTES;  // what was left of the last chunk stays unused
    }
    block = b->at;
    b->at += bytes;
    return block;
}

void lx_blocks_give(lx_blocks *b, void *block, size_t size) {
    if (block == NULL) return;
    if (!is_small(size)) { free(block); return; }
    size_t k = class_of(size);
    memcpy(block, &b->free[k], sizeof(void *));
    b->free[k] = block;
}

void *lx_blocks_resize(lx_blocks *b, void *block, size_t old, size_t size) {
    if (block == NULL) return take(b, size);
    if (!is_small(old) && !is_small(size)) return realloc(block, size);
    if (is_small(old) && is_small(size) && class_of(old) == class_of(size)) return block;
    void *moved = take(b, size);
    if (moved == NULL) return NULL;
    memcpy(moved, block, old < size ? old : size);
    lx_blocks_give(b, block, old);
    return moved;
}

void lx_blocks_release(lx_blocks *b) {
    for (chunk *c = b->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    memset(b, 0, sizeof *b);
}

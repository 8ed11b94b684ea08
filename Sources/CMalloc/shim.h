// The C library's allocator, for Tabular: hand freed memory back to the system. glibc
// keeps freed blocks of sizes it has seen freed before (its mmap threshold rises), so a
// reader that frees big temporary columns asks for them to be returned; elsewhere this
// does nothing.
#ifndef FOLIO_CMALLOC_H
#define FOLIO_CMALLOC_H

#if defined(__GLIBC__) || (defined(__linux__) && !defined(__MUSL__) && __has_include(<malloc.h>))
#include <malloc.h>
static inline void folio_release_freed_memory(void) {
#if defined(__GLIBC__)
    (void)malloc_trim(0);
#endif
}
#else
static inline void folio_release_freed_memory(void) {}
#endif

#endif

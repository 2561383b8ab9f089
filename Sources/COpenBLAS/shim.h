#ifndef CHAINMATCH_COPENBLAS_SHIM_H
#define CHAINMATCH_COPENBLAS_SHIM_H
// The only C in ChainMatch: OpenBLAS's CBLAS interface and its runtime queries
// (openblas_get_corename, openblas_set_num_threads, ...), declared by cblas.h.
#include <cblas.h>
#endif

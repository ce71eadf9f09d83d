/* Compiled by @my_cc's toolchain: CPython's headers come from the toolchain. */
#include <Python.h>

PyMODINIT_FUNC PyInit_module(void) { return NULL; }

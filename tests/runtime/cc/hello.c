/* A small C extension module the Debian GCC toolchain compiles in the tests. __DATE__ follows
 * SOURCE_DATE_EPOCH, so the module's bytes do not depend on the day it is built. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

static PyObject *add(PyObject *self, PyObject *args) {
    long a, b;
    if (!PyArg_ParseTuple(args, "ll", &a, &b)) {
        return NULL;
    }
    return PyLong_FromLong(a + b);
}

/* libm through the toolchain's linker script (libm.so), and the build's date. */
static PyObject *built(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(sd)", __DATE__, sqrt(16.0));
}

static PyMethodDef methods[] = {
    {"add", add, METH_VARARGS, "The sum of two integers."},
    {"built", built, METH_NOARGS, "The build's __DATE__ and sqrt(16)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "hello", NULL, -1, methods};

PyMODINIT_FUNC PyInit_hello(void) { return PyModule_Create(&module); }

// A small C++ extension module: libstdc++'s headers and library from the toolchain.
#include <Python.h>

#include <algorithm>
#include <string>

static PyObject *greet(PyObject *, PyObject *args) {
    const char *name;
    if (!PyArg_ParseTuple(args, "s", &name)) {
        return nullptr;
    }
    std::string text = std::string("hello ") + name;
    std::reverse(text.begin(), text.end());
    return PyUnicode_FromStringAndSize(text.data(), static_cast<Py_ssize_t>(text.size()));
}

static PyMethodDef methods[] = {
    {"greet", greet, METH_VARARGS, "'hello <name>', reversed."},
    {nullptr, nullptr, 0, nullptr},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "greet", nullptr, -1, methods};

PyMODINIT_FUNC PyInit_greet(void) { return PyModule_Create(&module); }

"""Providers of rules_pyinstall."""

PyInterpreterInfo = provider(
    doc = """A Python interpreter that build actions run on the execution platform.

The install action compiles `.pyc` files with it, so its version is the target Python
version of every tree it produces.""",
    fields = {
        "interpreter": "File: the interpreter, when it is part of the build (else None).",
        "interpreter_path": "str: absolute path of an interpreter installed on the machine (else None).",
        "files": "depset[File]: everything the interpreter needs at run time.",
        "python_version": "str: major.minor version, e.g. \"3.13\".",
        "helper_files": "depset[File]: what helper actions need of `files` (with `stdlib_zip`).",
        "stdlib_zip": "File: the pure-Python standard library compiled into one zip, for helper " +
                      "actions' PYTHONPATH (else None: they get all of `files`).",
        "helpers": "dict[str, File]: per helper stage (\"install\", \"image\", \"runtime\"), a zip " +
                   "of that stage's modules and libraries compiled to `.pyc` by this interpreter.",
    },
)

WheelTreeInfo = provider(
    doc = """An installed wheel: one tree artifact with a fixed layout.

The tree holds `site-packages/`, and `bin/`, `include/<distribution>/` and `data/` when the
wheel has scripts, headers or data files.""",
    fields = {
        "tree": "File: the tree artifact (a directory).",
        "distribution": "str: the PEP 503 normalized distribution name, e.g. \"zope-interface\".",
        "version": "str: the distribution's version, from the wheel file name.",
        "python_version": "str: the major.minor version its `.pyc` files were compiled for.",
        "layout": "struct: sub-directories of `tree`: site_packages, bin, include, data.",
        "transitive": "depset[struct]: this tree and those of its dependencies, each a " +
                      "struct(tree, distribution, version, label).",
        "install": "struct(wheel, flags) or None: how the tree was installed: the wheel " +
                   "(a `.whl` File, or an `sdist_build` directory) and the install helper's " +
                   "flags but `--output` and `--jobs`. An image layer installs the wheel with " +
                   "them rather than read the tree (`//rules:layers_from`); a provider " +
                   "without it is read as a tree.",
    },
)

# The fixed layout of every installed tree (documented in WheelTreeInfo).
TREE_LAYOUT = struct(
    site_packages = "site-packages",
    bin = "bin",
    include = "include",
    data = "data",
)

DebianRootfsInfo = provider(
    doc = """A base layer made of Debian packages: one deterministic `.tar.gz`.

The image rule stacks it first; `digests` saves it from hashing the layer again, and its
SBOM lists the packages of `lock`. It is defined here, not in the runtime stage, because the
image stage reads it.""",
    fields = {
        "tar": "File: the layer, a gzipped tar (sorted entries, owner 0, mtime = the build's epoch).",
        "digests": "File: JSON {architecture, diff_id, digest, media_type, size}; diff_id is the " +
                   "sha256 of the uncompressed tar, digest and size those of `tar`.",
        "architecture": "str: \"amd64\" or \"arm64\" (Debian and OCI name them alike).",
        "lock": "File: the lock the packages come from.",
        "packages": "list[str]: the packages of the lock the layer holds (empty: all of them).",
    },
)

CcBuildToolchainInfo = provider(
    doc = """A C/C++ compiler that builds sdists into wheels, from pinned Debian packages.

Build backends change directory and run the compiler from there, so the environment names
absolute paths; they are made at run time, never put on a command line: every value of `env`
may hold `{toolchain_root}`, which the build helper replaces by the absolute path of the
directory that holds `root`.""",
    fields = {
        "root": "File: a file at the root of the toolchain's tree (its directory is {toolchain_root}).",
        "files": "depset[File]: everything the compiler needs at run time.",
        "env": "dict[str, str]: the build's environment (CC, CXX, AR, LDSHARED, CFLAGS, " +
               "CXXFLAGS, LDFLAGS, CPATH, PATH entries to put first as PATH_PREFIX, ...).",
        "python_version": "str: the major.minor CPython whose headers it carries.",
        "architecture": "str: the Debian architecture it compiles for, e.g. \"amd64\".",
    },
)

BuiltWheelInfo = provider(
    doc = """A wheel built from an sdist: a directory holding the one `.whl`.

Its file name (tags included) is the backend's, known only once it has run, hence the
directory; `wheel_install` takes it as it takes a `.whl` file. It is defined here, not in the
build stage, because the install stage reads it.""",
    fields = {
        "directory": "File: the tree artifact holding the wheel.",
        "distribution": "str: the pinned distribution's name, as the lock spells it.",
        "version": "str: the pinned version.",
    },
)

"""zope.interface 7.2: an old-style `-nspkg.pth` namespace package with a C extension."""

import os
import subprocess
import sys
import unittest

import zope.interface

from tests.wheels import installed


class ZopeInterfaceTest(unittest.TestCase):
    def test_interfaces(self) -> None:
        class IGreeter(zope.interface.Interface):  # type: ignore[misc]
            # zope interfaces declare methods without `self`.
            def greet() -> str:  # type: ignore[empty-body, misc]
                """Says hello."""

        @zope.interface.implementer(IGreeter)
        class Greeter:
            def greet(self) -> str:
                return "hello"

        self.assertTrue(IGreeter.providedBy(Greeter()))
        self.assertIn("zope.interface._zope_interface_coptimizations", sys.modules)

    def test_nspkg_pth_processed_as_a_site_dir(self) -> None:
        site = os.path.join(installed.tree_of(zope.interface), "site-packages")
        self.assertTrue(os.path.isfile(os.path.join(site, "zope.interface-7.2-py3.13-nspkg.pth")))
        # In an image site-packages is a site directory: the .pth file runs (it creates the
        # `zope` module before any import) and must work.
        code = (
            "import site, sys; site.addsitedir(sys.argv[1]); "
            "print('zope' in sys.modules); "
            "import zope.interface; print(zope.interface.__file__)"
        )
        result = subprocess.run(
            [sys.executable, "-S", "-c", code, site],
            env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.splitlines()[0], "True", "the -nspkg.pth file did not run")
        self.assertTrue(result.stdout.splitlines()[1].startswith(site))


if __name__ == "__main__":
    unittest.main()

"""A first-party program for the image tests: the same in both images of the bump test."""

import six
import waitress

print(six.__version__, waitress.__name__)

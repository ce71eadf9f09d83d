"""Installed trees and first-party code made into image layers, and layers into OCI images and
indexes: the actions behind `py_image_layers`, `py_image` and `py_image_index`.

It imports only `pyinstall.common`: it reads the trees the install stage wrote, never its code.
"""

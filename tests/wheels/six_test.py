import six
print(six.__file__)

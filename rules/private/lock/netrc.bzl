"""`.netrc` credentials for downloads of private indexes, as `http_archive` finds them."""

load("@bazel_tools//tools/build_defs/repo:utils.bzl", "read_netrc", "read_user_netrc", "use_netrc")

def read_credentials(ctx):
    """The parsed `.netrc`: `$NETRC` if set, else the user's; works for module and repository contexts.

    Args:
      ctx: a module_ctx or repository_ctx.

    Returns:
      The netrc dict to pass to `auth_for`.
    """
    if "NETRC" in ctx.os.environ:
        return read_netrc(ctx, ctx.os.environ["NETRC"])
    return read_user_netrc(ctx)

def auth_for(netrc, urls):
    """The `auth` argument of `download()` for `urls`.

    Args:
      netrc: from `read_credentials`.
      urls: the URLs to download.

    Returns:
      The auth dict.
    """
    return use_netrc(netrc, urls, {})

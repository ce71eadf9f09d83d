"""Reading a package index's Simple API page (PEP 691 JSON, PEP 503 HTML), in Starlark.

Pure functions; the module extension downloads the pages.
"""

JSON_ACCEPT = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"

def project_url(index_url, name):
    """The Simple API page of a project: `<index>/<normalized name>/`.

    Args:
      index_url: the index's base URL.
      name: the PEP 503 normalized project name.

    Returns:
      The page's URL.
    """
    return index_url.rstrip("/") + "/" + name + "/"

def _origin(url):
    scheme, rest = url.split("://", 1) if "://" in url else ("", url)
    host = rest.split("/", 1)[0]
    return scheme + "://" + host

def resolve_url(base, ref):
    """Resolves a link of an index page against the page's URL (enough of RFC 3986 for indexes).

    Args:
      base: the page's URL.
      ref: the link, absolute or relative.

    Returns:
      The absolute URL.
    """
    if "://" in ref:
        return ref
    if ref.startswith("//"):
        return base.split("://", 1)[0] + ":" + ref
    if ref.startswith("/"):
        return _origin(base) + ref
    directory = base.split("?", 1)[0].rsplit("/", 1)[0]
    origin = _origin(base)
    segments = directory[len(origin):].split("/")
    for part in ref.split("/")[:-1]:
        if part == "..":
            if len(segments) > 1:
                segments.pop()
        elif part != ".":
            segments.append(part)
    return origin + "/".join(segments) + "/" + ref.split("/")[-1]

def _unescape(text):
    for entity, char in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")]:
        text = text.replace(entity, char)
    return text

def _metadata_hash(value):
    # PEP 658/714: true, false, or {"sha256": ...}; HTML: "true" or "sha256=<hex>".
    if type(value) == "dict":
        return value.get("sha256", "")
    if type(value) == "string" and value.startswith("sha256="):
        return value[len("sha256="):]
    return ""

def _file(filename, url, sha256, metadata_sha256, yanked):
    return struct(
        filename = filename,
        url = url,
        sha256 = sha256.lower(),
        metadata_sha256 = metadata_sha256.lower(),
        yanked = yanked,
    )

def parse_json_page(page_url, data):
    """The files a PEP 691 JSON page lists.

    Args:
      page_url: the page's URL, to resolve relative links.
      data: the decoded JSON.

    Returns:
      A list of struct(filename, url, sha256, metadata_sha256, yanked).
    """
    files = []
    for f in data.get("files", []):
        url = resolve_url(page_url, f["url"]).split("#", 1)[0]
        metadata = f.get("core-metadata", f.get("data-dist-info-metadata", False))
        files.append(_file(
            f["filename"],
            url,
            f.get("hashes", {}).get("sha256", ""),
            _metadata_hash(metadata),
            bool(f.get("yanked", False)),
        ))
    return files

def _attribute(tag, name):
    for quote in ["\"", "'"]:
        key = " " + name + "=" + quote
        if key in tag:
            return _unescape(tag.split(key, 1)[1].split(quote, 1)[0])
    return None

def parse_html_page(page_url, html):
    """The files a PEP 503 HTML page lists.

    Args:
      page_url: the page's URL, to resolve relative links.
      html: the page's text.

    Returns:
      A list of struct(filename, url, sha256, metadata_sha256, yanked), as `parse_json_page`.
    """
    files = []
    for chunk in html.split("<a ")[1:]:
        if ">" not in chunk:
            continue
        tag, rest = chunk.split(">", 1)
        tag = " " + tag.replace("\n", " ")
        href = _attribute(tag, "href")
        if not href:
            continue
        filename = _unescape(rest.split("</a>", 1)[0].strip())
        url = resolve_url(page_url, href)
        sha256 = ""
        if "#" in url:
            url, fragment = url.split("#", 1)
            if fragment.startswith("sha256="):
                sha256 = fragment[len("sha256="):]
        metadata = _attribute(tag, "data-core-metadata") or _attribute(tag, "data-dist-info-metadata") or ""
        files.append(_file(filename, url, sha256, _metadata_hash(metadata), _attribute(tag, "data-yanked") != None))
    return files

def match_hashes(requirement, files):
    """Picks the files of a pinned requirement by the lock's hashes.

    Args:
      requirement: a struct from `parse_requirements`.
      files: the index's files for that project.

    Returns:
      struct(files, missing): the matching files, and the lock's hashes no file has.
    """
    by_hash = {f.sha256: f for f in files if f.sha256}
    matched = [by_hash[h] for h in requirement.hashes if h in by_hash]
    missing = [h for h in requirement.hashes if h not in by_hash]
    return struct(files = sorted(matched, key = lambda f: f.filename), missing = missing)

def match_locked_files(locked, files):
    """Keeps the files a lock names (pylock.toml, uv.lock) that the index still serves.

    Args:
      locked: the lock's files, dicts with `filename` and `sha256`.
      files: the index's files for that project.

    Returns:
      struct(files, gone): the locked files on the index, their `metadata_sha256` filled from
      it where the lock had none (PEP 658), and the file names of the others.
    """
    by_hash = {f.sha256: f for f in files if f.sha256}
    kept, gone = [], []
    for f in locked:
        served = by_hash.get(f["sha256"])
        if not served:
            gone.append(f["filename"])
            continue
        kept.append(dict(f, metadata_sha256 = f.get("metadata_sha256") or served.metadata_sha256))
    return struct(files = kept, gone = gone)

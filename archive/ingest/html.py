"""HTML → (title, article text) with trafilatura, which drops navigation, scripts and footers.

When trafilatura finds no article (a page with little text), we fall back to all visible
text of the body, so a story is never lost for being short.
"""
import lxml.html
import trafilatura

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")


def looks_like_html(file_name, text):
    return file_name.lower().endswith(HTML_SUFFIXES) or text.lstrip()[:200].lower().startswith(("<!doctype html", "<html"))


def html_to_text(markup):
    """(title or None, text). The text keeps one line per paragraph."""
    document = trafilatura.bare_extraction(
        markup, include_comments=False, include_tables=True, favor_recall=True, with_metadata=True
    )
    title = text = None
    if document is not None:
        title, text = document.title, document.text
    if not text:
        text = _visible_text(markup)
    heading = _first_heading(markup)
    return (heading or title or None), text or ""


def _tree(markup):
    try:
        return lxml.html.fromstring(markup)
    except (ValueError, lxml.etree.ParserError):
        return None


def _first_heading(markup):
    tree = _tree(markup)
    if tree is None:
        return None
    for heading in tree.xpath("//h1"):
        text = " ".join(heading.text_content().split())
        if text:
            return text
    return None


def _visible_text(markup):
    tree = _tree(markup)
    if tree is None:
        return ""
    for element in tree.xpath("//script|//style|//nav|//noscript"):
        element.drop_tree()
    body = tree.find("body") if tree.find("body") is not None else tree
    blocks = [" ".join(block.text_content().split()) for block in body.iter("p", "div", "li", "h1", "h2", "h3", "td")]
    return "\n".join(b for b in blocks if b) or body.text_content()

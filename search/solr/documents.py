"""A story as a Solr document: the fields of search_indexes.ArticleIndex, its texts normalised
and its words cut here (search.analysis), as the Whoosh engine's analyzers do."""

from archive.text import normalise
from search.analysis import segmented
from search.solr import configset


def solr_id(cluster, article_id):
    """cluster!article: SolrCloud's compositeId router puts every story of a repost cluster on
    one shard, where Solr's collapse can pick the cluster's representative."""
    return f"{cluster}!{article_id}"


def document(index, article):
    prepared = index.full_prepare(article)
    text, title = normalise(prepared["text"]), normalise(prepared["title"])
    words, subwords = segmented(text)
    title_words, title_subwords = segmented(title)
    doc = {
        "id": solr_id(prepared["cluster"], article.pk),
        "django_ct": prepared["django_ct"],
        "django_id": prepared["django_id"],
        "article_id": article.pk,
        "text": text,
        "title": title,
        "source_name": normalise(prepared["source_chars"]),
        "words": " ".join(words),
        "subwords": " ".join(subwords),
        "title_words": " ".join(title_words),
        "title_subwords": " ".join(title_subwords),
        "source": prepared.get("source"),
        "regions": prepared["regions"],
        "sites": prepared["sites"],
        "year": prepared.get("year"),
        "script": prepared["script"],
        "status": prepared["status"],
        "cluster": prepared["cluster"],
        "repost": prepared["repost"],
        "version": prepared["version"],
        "configset": configset.name(),
    }
    for name in ("date", "captured", "added"):  # absent when unknown (ArticleIndex's NO_DATE): sorted last
        if prepared.get(name):
            doc[name] = prepared[name]
    if prepared["date"]:
        doc["month"] = prepared["date"] // 100
    return {key: value for key, value in doc.items() if value not in (None, "", [])}

"""Store an ingest's batch of prepared stories: runs of new ones with a statement per table,
every other one alone (store.store).

Why: store() takes about a dozen statements a story — looking up its address and text, its
source and regions, then a row in each table — and on PostgreSQL each is a round trip and a
statement for the server to run: storing, not preparing or indexing, was what an ingest
waited on. Most stories of an ingest are new: no capture at their
address, a text never seen. For a batch, their addresses, texts and sources are looked up at
once, and a run of them is written with one insert per table.

The batch stores what store() would, story after story: a story is taken into a run only when
storing the run's earlier ones cannot change what store() does with it — a story at an address
or with a text already stored or already in the batch is stored alone (a new version or
capture), as is one sharing a repost band with a story of the run (clusters.place would see
that one as a candidate); a story that takes a cluster over marks that cluster's stories, and
a later story with one of them among its candidates waits for the run to be written (it must
see the cluster as the take-over left it; many stories take a cluster over, so ending a run at
each of them would leave runs of a few stories). A run that fails (a
story stored meanwhile by another process, a value the database refuses) is stored again a
story at a time, so that only the failing story is lost.
"""

from django.db import transaction
from django.utils import timezone

from archive import clusters
from archive.changes import stories_changed
from archive.ingest.store import ADDED, add_regions, new_capture, new_version, set_text, store
from archive.models import Article, Capture, RepostFingerprint, Source, Version
from archive.repost_bands import BandIndex


def store_batch(stories, bands=None):
    """stories: [(Prepared, Origin)]. Returns, for each in order, (ADDED | UPDATED | RECAPTURED
    | UNCHANGED, the article's id) or the exception that kept it from being stored. bands: as
    store()'s. Runs in the caller's transaction; each run and each lone story in a savepoint."""
    if bands is None and any(prepared.repost_fingerprint is not None for prepared, _ in stories):
        bands = BandIndex()
    results = {}
    stored_addresses, stored_texts = _stored(stories)
    sources = _sources(prepared.meta.source for prepared, _ in stories)
    run = _Run(bands)
    for position, (prepared, origin) in enumerate(stories):
        address, text = _address(origin), prepared.text_sha256
        alone = address in stored_addresses or text in stored_texts
        if alone or run.shares_bands(prepared) or run.meets_taken_over(prepared):
            results.update(run.store())
        if alone:
            results[position] = _store_alone(prepared, origin, bands)
        else:
            run.add(position, prepared, origin, sources)
        stored_addresses.add(address)
        stored_texts.add(text)
    results.update(run.store())
    return [results[position] for position in range(len(stories))]


class _Run:
    """New stories set up as store() would, waiting to be written together."""

    def __init__(self, bands):
        self.bands = bands
        self._reset()

    def _reset(self):
        self.stories = []  # (position, Prepared, Origin, unsaved Article, taken over)
        self.band_keys = set()
        self.taken_over = set()  # the stored stories whose cluster a story of the run takes over

    def shares_bands(self, prepared):
        fingerprint = prepared.repost_fingerprint
        return fingerprint is not None and not self.band_keys.isdisjoint(fingerprint.bands.tolist())

    def meets_taken_over(self, prepared):
        """Whether the story's candidates (those clusters.place will read) include a story of a
        cluster the run takes over: their rows change when the run is written."""
        fingerprint = prepared.repost_fingerprint
        if not self.taken_over or fingerprint is None:
            return False
        candidates = self.bands.sharing(None, fingerprint.bands, shared_at_mark=prepared.repost_candidates)
        return not self.taken_over.isdisjoint(candidates)

    def add(self, position, prepared, origin, sources):
        """Set the story up (placed in its cluster, which the run's stories do not change)."""
        article = Article(file_name=origin.name[:255])
        set_text(article, prepared, sources)
        taken_over = None
        if prepared.repost_fingerprint is not None:
            taken_over = clusters.place(article, prepared.repost_fingerprint, self.bands, prepared.repost_candidates)
            self.band_keys.update(prepared.repost_fingerprint.bands.tolist())
        if taken_over is not None:
            original = taken_over[0]
            members = Article.objects.filter(repost_of=original).order_by().values_list("pk", flat=True)
            self.taken_over.update((original, *members))
        self.stories.append((position, prepared, origin, article, taken_over))

    def store(self):
        """Write the run; {position: result} (one story at a time when the run fails)."""
        stories = self.stories
        self._reset()
        if not stories:
            return {}
        try:
            with transaction.atomic():
                return self._write(stories)
        except Exception:  # stored again one at a time: only a story that fails alone is lost
            return {
                position: _store_alone(prepared, origin, self.bands) for position, prepared, origin, _, _ in stories
            }

    def _write(self, stories):
        articles = Article.objects.bulk_create([article for _, _, _, article, _ in stories])
        add_regions([(article, prepared.meta) for article, (_, prepared, *_) in zip(articles, stories)])
        stories_changed(article.pk for article in articles)  # bulk_create sends no post_save
        clustered = [
            (article, prepared.repost_fingerprint, taken_over)
            for article, (_, prepared, _, _, taken_over) in zip(articles, stories)
            if prepared.repost_fingerprint is not None
        ]
        RepostFingerprint.objects.bulk_create(
            RepostFingerprint(article_id=article.pk, **clusters.stored_fingerprint(fingerprint))
            for article, fingerprint, _ in clustered
        )
        for article, _, taken_over in clustered:
            clusters.take_over(article, taken_over)
        versions = Version.objects.bulk_create(
            new_version(article, prepared, origin.captured_at or timezone.now())
            for article, (_, prepared, origin, _, _) in zip(articles, stories)
        )
        Capture.objects.bulk_create(
            new_capture(article.pk, version.pk, origin, prepared)
            for article, version, (_, prepared, origin, _, _) in zip(articles, versions, stories)
        )
        if clustered:  # last: held in memory only once every row is written
            self.bands.add_new([(article.pk, fingerprint.bands) for article, fingerprint, _ in clustered])
        return {position: (ADDED, article.pk) for (position, *_), article in zip(stories, articles)}


def _store_alone(prepared, origin, bands):
    try:
        with transaction.atomic():
            return store(prepared, origin, bands)
    except Exception as error:  # one broken story must not stop the batch
        return error


def _address(origin):
    """What store() finds a story's earlier captures by: its address, or a plain file's name."""
    return origin.original_url or ("file", origin.file_name)


def _stored(stories):
    """(the addresses, the text fingerprints) of these stories that are stored already. Unordered:
    the models' ordering (by their article's date) would join every lookup to archive_article,
    which PostgreSQL plans badly while a young database's statistics are empty."""
    urls = {origin.original_url for _, origin in stories if origin.original_url}
    files = {origin.file_name for _, origin in stories if not origin.original_url}
    captures, versions = Capture.objects.order_by(), Version.objects.order_by()
    addresses = set(captures.filter(original_url__in=urls).values_list("original_url", flat=True))
    addresses |= {
        ("file", name)
        for name in captures.filter(file_name__in=files, original_url="").values_list("file_name", flat=True)
    }
    texts = set(
        versions.filter(text_sha256__in={prepared.text_sha256 for prepared, _ in stories}).values_list(
            "text_sha256", flat=True
        )
    )
    return addresses, texts


def _sources(names):
    """{Source.key(name): Source} of these names, the missing ones made."""
    names = {Source.key(name): name for name in names if name}
    found = {source.name_simplified: source for source in Source.objects.filter(name_simplified__in=names)}
    missing = [Source(name=name, name_simplified=key) for key, name in names.items() if key not in found]
    if missing:
        Source.objects.bulk_create(missing, ignore_conflicts=True)  # (another process may have made one meanwhile)
        found.update(
            (source.name_simplified, source)
            for source in Source.objects.filter(name_simplified__in=[source.name_simplified for source in missing])
        )
    return found

"""The web-archive protocols over the stored captures: Memento (RFC 7089) TimeMaps, TimeGate and
mementos, and the CDX server API as pywb answers it (docs/wayback.md).

Only captures with an address and a capture time, of published stories, exist here, for
everyone: these endpoints never look at who is asking (archive/wayback/isolation.py drops the
cookies before anything could read them), so staff see no more than anyone else."""

"""Setting up the collection with Solr's Configsets and Collections APIs: the configset uploaded
under its hashed name (configset.py), the collection created with it, or moved onto it."""

from django.core.exceptions import ImproperlyConfigured

from search.solr import configset


class NotSetUp(ImproperlyConfigured):
    """The collection is missing or uses another configset: manage.py solr_setup fixes it."""


def configset_of(nodes):
    """The configset name the collection uses, or None when there is no such collection."""
    status = nodes.admin("admin/collections", {"action": "CLUSTERSTATUS"})
    found = status["cluster"]["collections"].get(nodes.collection)
    return found["configName"] if found else None


def setup_problem(nodes):
    """Why the collection cannot be used as it is, or None."""
    current = configset_of(nodes)
    if current is None:
        return f"there is no Solr collection {nodes.collection!r}: run manage.py solr_setup"
    if current != configset.name():
        return (
            f"the Solr collection {nodes.collection!r} uses the configset {current}, this version of the archive "
            f"needs {configset.name()}: run manage.py solr_setup"
        )
    return None


def upload(nodes):
    """Upload the configset unless Solr has it; whether it was uploaded."""
    if configset.name() in nodes.admin("admin/configs", {"action": "LIST"})["configSets"]:
        return False
    nodes.admin(
        "admin/configs",
        {"action": "UPLOAD", "name": configset.name()},
        method="post",
        body=configset.zipped(),
        headers={"Content-Type": "application/octet-stream"},
    )
    return True


def create(nodes, shards, replicas):
    nodes.admin(
        "admin/collections",
        {
            "action": "CREATE",
            "name": nodes.collection,
            "numShards": shards,
            "replicationFactor": replicas,
            "collection.configName": configset.name(),
            "router.name": "compositeId",
            "waitForFinalState": "true",
        },
    )


def move_to_configset(nodes):
    nodes.admin(
        "admin/collections",
        {"action": "MODIFYCOLLECTION", "collection": nodes.collection, "collection.configName": configset.name()},
    )
    nodes.admin("admin/collections", {"action": "RELOAD", "name": nodes.collection})

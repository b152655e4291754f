"""Saved searches: a signed-in user keeps a search by name (search.models.SavedSearch), sees
what is new in each since their last visit (/saved/), reads its feeds by token
(search/feeds.py) and may ask for an e-mailed digest (digest.py, manage.py send_digests)."""

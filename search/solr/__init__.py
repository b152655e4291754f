"""The SolrCloud engine: past one machine, Solr matches, counts, collapses and sorts.

The archive sends Solr documents whose text is already normalised (archive.text.normalise) and
cut into jieba's words (search.analysis), and queries built from the same clauses the Whoosh
engine matches (search.query); Solr's own analysis cuts the bigrams and characters
(configset/conf/schema.xml). nodes.py talks to the nodes, configset.py names the configset,
collections.py sets up the collection, documents.py and queries.py translate, engine.py is
the engine (search.engine.Engine).
"""

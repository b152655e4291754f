"""Settings for the archive.

Everything that differs between a laptop, CI and a server comes from the environment;
the defaults are safe for local use. All state (database, Whoosh index) lives under
ARCHIVE_DATA_DIR so that one folder is the whole archive.
"""

import os
from pathlib import Path

import dj_database_url
import dj_email_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def env_flag(name, default):
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG", "true")
# With DEBUG off there is no development key: left empty, the check archive.E003
# (archive/checks.py) stops a server from starting and says how to make one, while migrate,
# collectstatic and the other commands still run.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or ("local-development-key-not-for-production" if DEBUG else "")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()
]
# The host (host:port off the default port) that alone serves captured pages, /wayback/<timestamp>/<url>,
# and nothing else (archive/wayback/isolation.py, docs/wayback.md); empty: they are served here, sandboxed.
REPLAY_HOST = os.environ.get("REPLAY_HOST", "").strip().lower()
if REPLAY_HOST:
    ALLOWED_HOSTS.append(REPLAY_HOST.split(":")[0])  # a host name or IPv4 address: Django matches it without the port

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "archive",  # before whitenoise and staticfiles: its runserver is theirs with the set-up checks
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "search",  # before haystack: its rebuild_index is ours (search/management/commands)
    "haystack",
    "archive.apps.LoginProtectionConfig",  # django-axes, its name translated
]

MIDDLEWARE = [
    "archive.wayback.isolation.ReplayIsolation",  # first: /wayback/ reads and sets no cookie; REPLAY_HOST
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "archive.replica.ReadFromReplica",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "search.unavailable.EngineUnavailableMiddleware",  # a search engine down is a 503, not a 500
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it answers a locked-out login
]

# The admin login is a target on a public server: after AXES_FAILURE_LIMIT failed logins from
# one address, or for one user name, that address or user waits AXES_COOLOFF_TIME hours.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # either one locks
AXES_RESET_ON_SUCCESS = True
# Behind PROXY_COUNT reverse proxies the client's address is the one they put in
# X-Forwarded-For; with none, REMOTE_ADDR (a header a client sets itself is never trusted).
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # the proxy says whether the client used HTTPS

# With DEBUG off (production: `make serve`): cookies only over HTTPS, and `manage.py check
# --deploy` clean but for what the reverse proxy in front does (docs/operations.md).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", "false" if DEBUG else "true")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))  # 0: the proxy sends HSTS
SECURE_SSL_REDIRECT = env_flag("DJANGO_SSL_REDIRECT", "false")  # the proxy redirects http to https

ROOT_URLCONF = "archive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "archive.wsgi.application"

# SQLite under ARCHIVE_DATA_DIR by default; DATABASE_URL (e.g. postgres://...) to scale out.
CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", "0"))
DATABASES = {
    "default": dj_database_url.config(default=f"sqlite:///{DATA_DIR / 'archive.sqlite3'}", conn_max_age=CONN_MAX_AGE)
}
# A streaming read replica of a PostgreSQL primary (archive/replica.py): public pages and
# searches read from it, writes go to DATABASE_URL.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=CONN_MAX_AGE, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["archive.replica.ReplicaRouter"]
# PostgreSQL binds the parameters itself and prepares a statement from its second run, instead of
# psycopg composing every statement's text: an ingest runs a dozen statements a story
# (server-side binding stored 3,000 stories in 27 s instead of 40: bench/RESULTS.md). Off
# (false) behind a connection pooler that cannot keep prepared statements (pgbouncer in
# transaction mode before 1.21).
if os.environ.get("DATABASE_SERVER_SIDE_BINDING", "true").lower() not in ("0", "false", "no"):
    for database in DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Ingest and the web server write at the same time: wait for the lock instead of failing,
    # take it up front, and let readers go on while a writer works (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=30,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"  # China Standard Time: pages and admin show times in it, labelled "UTC+8" (archive.models.shown_time); the JSON API gives UTC, +00:00
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# whitenoise serves our static files (no CDN). While developing, straight from static/ (no
# collectstatic needed); with DEBUG off, the compressed, content-hashed copies `manage.py
# collectstatic` writes to STATIC_ROOT (`make serve` runs it), cached for good by browsers.
WHITENOISE_USE_FINDERS = DEBUG
if not DEBUG:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# What matches, counts and ranks searches (search/engine.py): "whoosh", the index on disk beside
# the database, for one machine; "solr", a SolrCloud collection (SOLR_URL), past one machine.
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "whoosh")

# The Whoosh engine writes and reads its index through haystack (search/whoosh/backend.py), the
# Solr engine its collection (search/solr/backend.py): SOLR_URL is the collection's address, or
# several nodes' separated by commas, with credentials in each when Solr's basic auth is on
# (http://user:password@host:8983/solr/archive).
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": os.environ.get("HAYSTACK_ENGINE", "search.whoosh.backend.ArchiveWhooshEngine"),
        "PATH": os.environ.get("WHOOSH_INDEX_DIR", str(DATA_DIR / "whoosh_index")),
        "URL": os.environ.get("HAYSTACK_URL", ""),
        "INDEX_NAME": os.environ.get("HAYSTACK_INDEX_NAME", "archive"),
    },
}
if os.environ.get("SOLR_URL"):
    HAYSTACK_CONNECTIONS["solr"] = {
        "ENGINE": "search.solr.backend.ArchiveSolrEngine",
        "URL": os.environ["SOLR_URL"],
        # Seconds a node has to answer before the next is asked (then a 503).
        "TIMEOUT": float(os.environ.get("SOLR_TIMEOUT", "10")),
    }
# Never hide a failed index write: a stale index is a bug we want to see.
HAYSTACK_SILENTLY_FAIL = False

# Processes that read, decode, clean and extract files for `manage.py ingest` while it stores
# the results; 1 does it all in the command's own process.
INGEST_PROCESSES = int(os.environ.get("INGEST_PROCESSES", str(min(os.cpu_count() or 1, 4))))

# With an engine that takes documents from several writers (SEARCH_ENGINE=solr), `manage.py ingest`
# writes the index this many stories at a time while it stores the next ones (search/alongside.py).
SEARCH_INDEX_ALONGSIDE = int(os.environ.get("SEARCH_INDEX_ALONGSIDE", "4000"))

# How long the index writer waits for Whoosh's lock before leaving the work queued.
SEARCH_WRITER_TIMEOUT = float(os.environ.get("SEARCH_WRITER_TIMEOUT", "30"))
# A batch of at least this many documents (ingest) is written by SEARCH_WRITER_PROCESSES
# processes in parallel, as segments of its own, unmerged; smaller ones inline and merged.
SEARCH_LARGE_BATCH = int(os.environ.get("SEARCH_LARGE_BATCH", "2000"))
# Processes that analyse and write a large batch in parallel; 1 writes inline.
SEARCH_WRITER_PROCESSES = int(os.environ.get("SEARCH_WRITER_PROCESSES", str(min(os.cpu_count() or 1, 4))))
# Megabytes of decoded posting lists a search process keeps (search/whoosh/posting_arrays.py): common
# words are searched again and again, and decoding is most of what they cost.
SEARCH_POSTINGS_CACHE_MB = int(os.environ.get("SEARCH_POSTINGS_CACHE_MB", "256"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Signing in (django.contrib.auth's pages under /accounts/): saved searches are a user's own.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "saved-searches"
LOGOUT_REDIRECT_URL = "home"

# E-mail (manage.py send_digests, docs/feeds.md): EMAIL_URL, e.g. submission://user:password@host
# (STARTTLS on 587) or smtp://host:25, read by dj-email-url; else EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_USE_TLS; with neither, messages are printed.
if os.environ.get("EMAIL_URL"):
    globals().update(dj_email_url.parse(os.environ["EMAIL_URL"]))
elif os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", "false")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or globals().get("DEFAULT_FROM_EMAIL", "archive@localhost")
# The archive's address as readers reach it: the links in e-mails, which have no request to take it from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# manage.py capture: seconds between two requests to one host, and to wait for a server.
CAPTURE_DELAY = float(os.environ.get("CAPTURE_DELAY", "2"))
CAPTURE_TIMEOUT = float(os.environ.get("CAPTURE_TIMEOUT", "20"))

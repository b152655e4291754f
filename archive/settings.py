"""Settings for the archive.

Everything that differs between a laptop, CI and a server comes from the environment;
the defaults are safe for local use. All state (database, Whoosh index) lives under
ARCHIVE_DATA_DIR so that one folder is the whole archive.
"""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def env_flag(name, default):
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG", "true")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "local-development-key-not-for-production" if DEBUG else None
)
if not SECRET_KEY:
    raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "haystack",
    "archive",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'archive.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
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
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# whitenoise serves static/ straight from the app folders (no CDN, no collectstatic needed);
# `manage.py collectstatic` still works for a server that wants compressed copies.
WHITENOISE_USE_FINDERS = True

# The search engine is a setting: our Whoosh engine by default. The analyzer normalises and
# segments before the engine sees the text, so another haystack engine can take its place.
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": os.environ.get("HAYSTACK_ENGINE", "search.backend.ArchiveWhooshEngine"),
        "PATH": os.environ.get("WHOOSH_INDEX_DIR", str(DATA_DIR / "whoosh_index")),
        "URL": os.environ.get("HAYSTACK_URL", ""),
        "INDEX_NAME": os.environ.get("HAYSTACK_INDEX_NAME", "archive"),
    },
}
# Saves and deletes are queued and written by one index writer (search.indexing), never lost
# to a Whoosh LockError (haystack's own processor writes inline and can lose them).
HAYSTACK_SIGNAL_PROCESSOR = "search.signals.QueuedSignalProcessor"
# Never hide a failed index write: a stale index is a bug we want to see.
HAYSTACK_SILENTLY_FAIL = False

# Processes that read, decode, clean and extract files for `manage.py ingest` while it stores
# the results; 1 does it all in the command's own process.
INGEST_PROCESSES = int(os.environ.get("INGEST_PROCESSES", str(min(os.cpu_count() or 1, 4))))

# How long the index writer waits for Whoosh's lock before leaving the work queued.
SEARCH_WRITER_TIMEOUT = float(os.environ.get("SEARCH_WRITER_TIMEOUT", "30"))
# A batch of at least this many documents (ingest) is written by SEARCH_WRITER_PROCESSES
# processes in parallel, as segments of its own, unmerged; smaller ones inline and merged.
SEARCH_LARGE_BATCH = int(os.environ.get("SEARCH_LARGE_BATCH", "2000"))
# Processes that analyse and write a large batch in parallel; 1 writes inline.
SEARCH_WRITER_PROCESSES = int(os.environ.get("SEARCH_WRITER_PROCESSES", str(min(os.cpu_count() or 1, 4))))
# Megabytes of decoded posting lists a search process keeps (search/posting_arrays.py): common
# words are searched again and again, and decoding is most of what they cost.
SEARCH_POSTINGS_CACHE_MB = int(os.environ.get("SEARCH_POSTINGS_CACHE_MB", "256"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# manage.py capture: seconds between two requests to one host, and to wait for a server.
CAPTURE_DELAY = float(os.environ.get("CAPTURE_DELAY", "2"))
CAPTURE_TIMEOUT = float(os.environ.get("CAPTURE_TIMEOUT", "20"))

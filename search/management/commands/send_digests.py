"""manage.py send_digests [--dry-run]: e-mail each user who asked for it what is new in their
saved searches since the last digest (search/saved/digest.py), through Django's e-mail
settings (EMAIL_URL or EMAIL_HOST…: archive/settings.py); then each digest's searches start
their next one from now. Run it from cron, daily or hourly."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from search.models import SavedSearch
from search.saved.digest import Digest, digests


class Command(BaseCommand):
    help = "E-mail each user who asked for a digest what is new in their saved searches since the last one."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="print the messages instead of sending them")

    def handle(self, *args, dry_run=False, **options):
        sent = quiet = 0
        # Taken before anything is read: a story that arrives while this runs may be in this
        # digest and the next, never in neither.
        now = timezone.now()
        for user, sections in digests():
            for broken in (s for s in sections if s.error):
                self.stderr.write(f"{user.get_username()}: {broken.saved.name!r} cannot run: {broken.error}")
            news = [s for s in sections if s.has_news]
            if not news:
                quiet += 1
            else:
                message = Digest(user, news).message()
                if dry_run:
                    self.stdout.write(f"To: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}\n")
                else:
                    message.send()
                sent += 1
            if not dry_run:
                done = [s.saved.pk for s in sections if not s.error]
                SavedSearch.objects.filter(pk__in=done).update(last_digest_at=now)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(f"{verb} {sent} digest(s); {quiet} user(s) had nothing new")

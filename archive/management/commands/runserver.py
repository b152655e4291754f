"""runserver, stopping before it serves when a set-up step is not done (archive/checks.py): the
set-up checks are deployment checks, which Django's runserver does not run. whitenoise's
runserver below it leaves the static files to whitenoise, as in production."""

from whitenoise.runserver_nostatic.management.commands.runserver import Command as WhitenoiseRunserver

from archive.checks import SETUP


class Command(WhitenoiseRunserver):
    def check(self, *args, **kwargs):
        super().check(*args, **kwargs)
        super().check(tags=[SETUP], include_deployment_checks=True)

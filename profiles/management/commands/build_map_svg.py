from django.core.management.base import BaseCommand

from profiles.maps import geometry, sprite_path, sprite_svg


class Command(BaseCommand):
    help = "Write static/map/eeca.svg, the map shapes pages reference, from static/map/eeca.json."

    def handle(self, *args, **options):
        path = sprite_path()
        path.write_text(sprite_svg(geometry()), encoding="utf-8")
        self.stdout.write(f"wrote {path} ({path.stat().st_size} bytes)")

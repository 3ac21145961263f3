"""The ``geo`` command: a thin layer over the library.

Each command lives in a module of its own and is imported only when it runs, so
``geo lookup`` never pays for pandas or folium at start-up.
"""

from __future__ import annotations

import importlib

import click

# name -> "module:attribute"; one module per command, like rasterio's rio.
COMMANDS = {
    "lookup": "geo.cli.lookup:lookup",
    "normalize": "geo.cli.normalize:normalize",
    "gazetteer": "geo.cli.gazetteer:gazetteer",
    "extract": "geo.cli.extract:extract",
    "map": "geo.cli.map:map_command",
    "cache": "geo.cli.cache:cache",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when it is invoked."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            return None
        return getattr(mod, attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geo-news", prog_name="geo")
def main():
    """Find the places news articles mention, resolve them offline, map them.

    Place data: GeoNames (CC BY 4.0), https://www.geonames.org/.
    """

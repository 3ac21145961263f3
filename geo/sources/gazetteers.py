"""The offline sources: gazetteer indexes opened as :class:`geo.gazetteer.Gazetteer`.

``builtin`` is the index built from GeoNames data shipped in registry packages,
``geonames`` one built from GeoNames dumps with ``geo gazetteer build``, ``supplement``
the hand-checked places of ``data/gazetteer/`` alone (built into the cache on first use,
keyed by a hash of its files).

Examples
--------
>>> sup = supplement()
>>> sup.name, sup.lookup("Azovstal")[0].place.feature
('supplement', 'facility')
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["GEONAMES_ATTRIBUTION", "SUPPLEMENT_ATTRIBUTION", "builtin", "geonames", "supplement"]

GEONAMES_ATTRIBUTION = "Place data © GeoNames (CC BY 4.0)"
GEONAMES_URL = "https://www.geonames.org/"
SUPPLEMENT_ATTRIBUTION = "Supplement: geo contributors, points from Wikipedia"
SUPPLEMENT_URL = "https://en.wikipedia.org/"


def builtin(**_options):
    """Open the built-in gazetteer (:meth:`geo.gazetteer.Gazetteer.default`)."""
    from geo.gazetteer import Gazetteer

    return Gazetteer.default()


def geonames(path: str | os.PathLike | None = None, **_options):
    """Open a gazetteer built from GeoNames dumps by ``geo gazetteer build -o PATH``.

    Raises
    ------
    geo.errors.InputError
        If no ``path`` is given.
    geo.errors.DataError
        If there is no readable index there.
    """
    from geo.errors import InputError
    from geo.gazetteer import Gazetteer

    if not path:
        raise InputError("the geonames source needs path=, the folder written by 'geo gazetteer build -o'")
    return Gazetteer.open(path)


def supplement(**_options):
    """Open the hand-checked supplement alone as a gazetteer (built into the cache once)."""
    from geo.build import add_supplement, data_dir
    from geo.gazetteer import Gazetteer
    from geo.index import IndexWriter
    from geo.settings import cache_dir

    h = hashlib.sha1()
    for name in ("supplement.csv", "aliases.csv"):
        p = data_dir() / name
        h.update(p.read_bytes() if p.is_file() else b"-")
    for module in (Path(__file__), Path(__file__).parents[1] / "build.py"):
        h.update(module.read_bytes())
    path = cache_dir() / f"supplement-{h.hexdigest()[:12]}.sqlite"
    if not path.is_file():
        with IndexWriter(path) as w:
            add_supplement(w)
            w.meta.update(source="supplement", attribution=SUPPLEMENT_ATTRIBUTION)
    return Gazetteer(path)


for _factory, _text, _url in ((builtin, GEONAMES_ATTRIBUTION, GEONAMES_URL),
                              (geonames, GEONAMES_ATTRIBUTION, GEONAMES_URL),
                              (supplement, SUPPLEMENT_ATTRIBUTION, SUPPLEMENT_URL)):
    _factory.attribution, _factory.attribution_url = _text, _url

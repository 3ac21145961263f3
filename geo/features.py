"""The feature taxonomy: what kind of place a record is, whatever source it comes from.

Every builder and every source writes :attr:`geo.records.Place.feature` through this
module, so a rule keyed on a feature (the admin-2 rule of :mod:`geo.resolve`, the
priors of :mod:`geo.build`) applies alike to the built-in gazetteer, to one built from
GeoNames dumps and to online answers. The features are those of
:data:`geo.records.FEATURES`:

=========  =================================================  ============================
feature    GeoNames class / code                              OpenStreetMap class / type
=========  =================================================  ============================
country    A / PCL, PCLI, PCLD, PCLF, PCLS, PCLIX (not PCLH)  boundary admin_level 2, place=country
admin1     A / ADM1                                           boundary admin_level 4, place=state
admin2     A / ADM2                                           boundary admin_level 5-6
region     other A codes, L, T (not islands), CONT            other places and boundaries
water      H                                                  waterway, water, natural=bay...
island     T / ISL, ISLS, ISLET...                            place=island, islet, archipelago
city       P                                                  place=city, town, village...
facility   S                                                  building, aeroway, military...
=========  =================================================  ============================

Roads (R), undersea (U) and vegetation (V) GeoNames rows have no feature: builders skip
them.

Examples
--------
>>> geonames_feature("A", "ADM2"), osm_feature("boundary", "administrative", admin_level=6)
('admin2', 'admin2')
"""

from __future__ import annotations

from geo.records import FEATURES

__all__ = ["FEATURES", "GEONAMES_CLASSES", "GEONAMES_CODES", "geonames_feature", "osm_feature"]

#: GeoNames feature codes whose feature is not their class's (see :data:`GEONAMES_CLASSES`).
GEONAMES_CODES: dict[tuple[str, str], str] = {
    ("A", "ADM1"): "admin1",
    ("A", "ADM2"): "admin2",
    ("A", "PCLH"): "region",  # a historical state, not a country today
}
#: The feature of each GeoNames feature class; classes not here are skipped.
GEONAMES_CLASSES: dict[str, str] = {"A": "region", "P": "city", "H": "water", "L": "region", "T": "region",
                                    "S": "facility"}


def geonames_feature(feature_class: str, feature_code: str) -> str | None:
    """Return the feature of a GeoNames class and code, or None for rows to skip.

    Parameters
    ----------
    feature_class : str
        One letter (column 6 of a GeoNames dump row).
    feature_code : str
        Column 7 ("PPLA", "ADM2", "SEA"...).

    Examples
    --------
    >>> geonames_feature("A", "PCLI"), geonames_feature("A", "ADM1"), geonames_feature("A", "ADM2")
    ('country', 'admin1', 'admin2')
    >>> geonames_feature("A", "ADM3"), geonames_feature("A", "PCLH"), geonames_feature("L", "CONT")
    ('region', 'region', 'region')
    >>> geonames_feature("P", "PPLA"), geonames_feature("H", "SEA"), geonames_feature("T", "ISL")
    ('city', 'water', 'island')
    >>> geonames_feature("T", "MT"), geonames_feature("S", "AIRP"), geonames_feature("R", "RD") is None
    ('region', 'facility', True)
    """
    known = GEONAMES_CODES.get((feature_class, feature_code))
    if known:
        return known
    if feature_class == "A" and feature_code.startswith("PCL"):
        return "country"
    if feature_class == "T" and feature_code.startswith("ISL"):
        return "island"
    return GEONAMES_CLASSES.get(feature_class)


# -- OpenStreetMap (the classes and types Nominatim and Photon answer with) --------------

_OSM_CITY = {"city", "town", "village", "hamlet", "suburb", "quarter", "neighbourhood", "borough", "locality",
             "isolated_dwelling", "municipality", "farm", "allotments"}
_OSM_WATER_PLACES = {"sea", "ocean"}
_OSM_WATER_NATURAL = {"water", "bay", "strait", "spring", "wetland", "glacier", "reef"}
_OSM_FACILITY_CLASSES = {"building", "man_made", "military", "aeroway", "amenity", "railway", "highway", "bridge",
                         "tourism", "historic", "office", "shop", "power", "leisure", "craft", "emergency",
                         "barrier", "club", "healthcare"}
# OSM admin_level of national boundaries -> feature; levels 5-6 hold the second-order
# divisions of most countries (raions, counties, départements).
_OSM_ADMIN_LEVELS = {2: "country", 4: "admin1", 5: "admin2", 6: "admin2"}


def osm_feature(cls: str, typ: str, admin_level=None, addresstype: str = "", place_rank=None) -> str:
    """Return the feature of an OpenStreetMap ``class``/``type`` pair.

    Nominatim answers with ``class`` and ``type``, Photon with ``osm_key`` and
    ``osm_value``; both may add ``addresstype``, and Nominatim the ``admin_level`` or
    ``place_rank`` of boundaries.

    Examples
    --------
    >>> osm_feature("place", "village"), osm_feature("waterway", "river"), osm_feature("aeroway", "aerodrome")
    ('city', 'water', 'facility')
    >>> osm_feature("boundary", "administrative", admin_level="4")
    'admin1'
    >>> osm_feature("boundary", "administrative", admin_level=2), osm_feature("boundary", "administrative", 8)
    ('country', 'region')
    >>> osm_feature("boundary", "administrative", addresstype="state")
    'admin1'
    >>> osm_feature("natural", "peak")
    'region'
    """
    cls, typ, addresstype = (cls or "").lower(), (typ or "").lower(), (addresstype or "").lower()
    if cls == "place":
        if typ in _OSM_CITY:
            return "city"
        if typ == "country":
            return "country"
        if typ in ("state", "province"):
            return "admin1"
        if typ in ("island", "islet", "archipelago"):
            return "island"
        if typ in _OSM_WATER_PLACES:
            return "water"
        return "region"
    if cls == "boundary" and typ == "administrative":
        try:
            level = int(admin_level) if admin_level is not None else None
        except (TypeError, ValueError):
            level = None
        if level is None:
            if addresstype == "country" or str(place_rank) == "4":
                level = 2
            elif addresstype in ("state", "province") or str(place_rank) == "8":
                level = 4
        return _OSM_ADMIN_LEVELS.get(level, "region")
    if cls in ("waterway", "water") or (cls == "natural" and typ in _OSM_WATER_NATURAL):
        return "water"
    if cls == "landuse" and typ in ("reservoir", "basin"):
        return "water"
    if cls in _OSM_FACILITY_CLASSES or (cls == "landuse" and typ in ("military", "industrial", "railway")):
        return "facility"
    if addresstype in ("city", "town", "village", "hamlet"):
        return "city"
    return "region"

"""The records that flow through the pipeline: places, mentions and articles.

They are small frozen dataclasses so they can be hashed, shared between threads and
compared in tests; everything that is expensive to compute (alternate names, the full
article text of a mention) is reached through the gazetteer or the article, not stored
on every record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The kinds of place the gazetteer knows, from the largest to the most specific.
FEATURES = ("country", "admin1", "admin2", "region", "water", "island", "city", "facility")

#: How a name was matched, from the most to the least trustworthy.
MATCH_KINDS = ("exact", "alternate", "transliterated", "qualified", "fuzzy")


def _by_fields(self):
    # Results come back from worker processes by the thousand; the dataclass default
    # (a frozen-checked setattr per field) unpickles them four times slower.
    return _rebuild, (type(self), tuple(getattr(self, name) for name in self.__slots__))


def _rebuild(cls, values):
    obj = object.__new__(cls)
    for setter, value in zip(_SETTERS[cls], values, strict=False):
        setter(obj, value)
    return obj


_SETTERS: dict[type, list] = {}


@dataclass(frozen=True, slots=True)
class Place:
    """One real place with coordinates.

    Parameters
    ----------
    geonameid : int
        GeoNames id; rows of the built-in supplement that GeoNames lacks use ids from
        900,000,000 up (see ``data/gazetteer/README.md``).
    name : str
        The canonical (GeoNames) name.
    lat, lon : float
        WGS84 degrees.
    country_code : str
        ISO 3166-1 alpha-2 code, or ``""`` for places in no country (seas).
    admin1 : str
        Name of the first-order administrative division, or ``""``.
    feature : str
        One of :data:`FEATURES`.
    population : int
        0 where unknown.
    source, source_id : str
        For places from an online geocoder: the service's name and its id for the place
        (``geonameid`` is then 0).

    Examples
    --------
    >>> p = Place(703448, "Kyiv", 50.45466, 30.5238, "UA", "Kyiv", "city", 2952301)
    >>> p.name, p.feature
    ('Kyiv', 'city')
    >>> p.to_dict()["country_code"]
    'UA'
    """

    __reduce__ = _by_fields

    geonameid: int
    name: str
    lat: float
    lon: float
    country_code: str = ""
    admin1: str = ""
    feature: str = "city"
    population: int = 0
    #: Where the record comes from when it is not GeoNames ("nominatim", ...), and that
    #: service's own id for it; empty for GeoNames and the built-in supplement.
    source: str = ""
    source_id: str = ""

    def to_dict(self) -> dict:
        """Return the place as a plain JSON-ready dict (source fields only when set)."""
        # Written out: dataclasses.asdict deep-copies every field, and this runs for
        # every mention written.
        d = {"geonameid": self.geonameid, "name": self.name, "lat": self.lat, "lon": self.lon,
             "country_code": self.country_code, "admin1": self.admin1, "feature": self.feature,
             "population": self.population}
        if self.source:
            d["source"], d["source_id"] = self.source, self.source_id
        return d


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may mean, with how it matched and a score in [0, 1].

    Examples
    --------
    >>> p = Place(703448, "Kyiv", 50.45466, 30.5238, "UA", "Kyiv", "city", 2952301)
    >>> c = Candidate(p, matched="Kiev", match="alternate", score=0.93)
    >>> c.to_dict()["match"]
    'alternate'
    """

    place: Place
    matched: str
    match: str
    score: float
    why: tuple[str, ...] = field(default=(), compare=False)
    #: The terms of ``score`` (see :mod:`geo.scoring`): the place's prior, the weight of
    #: the match, a penalty, a tie-break and a country bias. Later stages read these,
    #: never work them back out of the score. Zero for candidates from online geocoders.
    prior: float = field(default=0.0, compare=False)
    weight: float = field(default=0.0, compare=False)
    penalty: float = field(default=0.0, compare=False)
    tie: float = field(default=0.0, compare=False)
    bias: float = field(default=0.0, compare=False)

    def terms(self) -> str:
        """Return the score's terms as text, for ``--explain``.

        Examples
        --------
        >>> p = Place(703448, "Kyiv", 50.45466, 30.5238, "UA", "Kyiv", "city", 2952301)
        >>> Candidate(p, "Kiev", "alternate", 0.95, prior=0.95, weight=0.95).terms()
        'score 0.95 = 0.5 x match 0.95 + 0.5 x prior 0.95'
        """
        out = f"score {self.score:.2f} = 0.5 x match {self.weight:.2f} + 0.5 x prior {self.prior:.2f}"
        for label, value in (("penalty", -self.penalty), ("tie-break", self.tie), ("country bias", self.bias)):
            if value:
                out += f" {'+' if value > 0 else '-'} {label} {abs(value):.2f}"
        return out

    def to_dict(self) -> dict:
        """Return the place's fields plus ``matched``, ``match`` and ``score``."""
        d = self.place.to_dict()
        d.update(matched=self.matched, match=self.match, score=round(self.score, 4))
        return d


@dataclass(frozen=True, slots=True)
class Mention:
    """One place name found in a text: its span and the place it resolves to.

    ``start`` and ``end`` are Python string offsets into the decoded article text, so
    ``text[start:end] == mention.text``.

    Examples
    --------
    >>> p = Place(706483, "Kharkiv", 49.98177, 36.25475, "UA", "Kharkiv Oblast", "city", 1421125)
    >>> m = Mention(10, 17, "Kharkov", p, score=0.9, match="alternate")
    >>> m.to_dict()["place"]["name"]
    'Kharkiv'
    """

    __reduce__ = _by_fields

    start: int
    end: int
    text: str
    place: Place | None
    score: float = 0.0
    match: str = ""
    why: tuple[str, ...] = field(default=(), compare=False)
    #: the nominative form an inflected Cyrillic name matched through ("Київ" for
    #: "Києві"); "" where the text shows the name as the gazetteer has it
    matched: str = ""

    def to_dict(self) -> dict:
        """Return the mention in the JSONL contract's shape (``matched`` only when set)."""
        d = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 4),
            "match": self.match,
            "place": self.place.to_dict() if self.place else None,
        }
        if self.matched:
            d["matched"] = self.matched
        return d


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: its text and what is known about where it came from.

    Examples
    --------
    >>> a = Article(id="a.txt", text="Shelling in Kharkiv.", title="Shelling")
    >>> a.title
    'Shelling'
    """

    __reduce__ = _by_fields

    id: str
    text: str
    title: str = ""
    date: str = ""
    url: str = ""
    path: str = ""


@dataclass(frozen=True, slots=True)
class Extraction:
    """An article together with the place mentions found in it.

    Examples
    --------
    >>> e = Extraction(Article(id="a.txt", text="Calm in Lviv."), ())
    >>> e.to_dict()["id"], e.to_dict()["mentions"]
    ('a.txt', [])
    """

    __reduce__ = _by_fields

    article: Article
    mentions: tuple[Mention, ...]

    def to_dict(self) -> dict:
        """Return the JSONL contract's record for this article (without its text)."""
        a = self.article
        return {
            "id": a.id,
            "path": a.path,
            "title": a.title,
            "date": a.date,
            "url": a.url,
            "mentions": [m.to_dict() for m in self.mentions],
        }


# The slot descriptors' setters, which a frozen dataclass's own __setattr__ refuses.
_SETTERS.update({cls: [getattr(cls, name).__set__ for name in cls.__slots__]
                 for cls in (Place, Mention, Article, Extraction)})

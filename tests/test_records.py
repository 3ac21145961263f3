"""geo.records: the fast Mention constructor makes the dataclass's own record."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from geo.records import Mention, make_mention


def test_make_mention_is_the_dataclass_record_field_for_field(extractor, seeds_dir):
    made = 0
    for path in sorted(seeds_dir.glob("*.txt")):
        for m in extractor.extract(path.read_text(encoding="utf-8"), explain=True):
            fields = [getattr(m, f.name) for f in dataclasses.fields(Mention)]
            fast, slow = make_mention(*fields), Mention(*fields)
            assert type(fast) is Mention and fast == slow and hash(fast) == hash(slow)
            assert [getattr(fast, f.name) for f in dataclasses.fields(Mention)] == fields  # why too
            assert pickle.loads(pickle.dumps(fast)) == slow
            with pytest.raises(dataclasses.FrozenInstanceError):
                fast.score = 0.0
            made += 1
    assert made >= 50

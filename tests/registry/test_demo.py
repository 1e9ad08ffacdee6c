"""Demo data: deterministic from a seed, valid national numbers, and no crash at scale."""

import random
from datetime import date

from stdnum.be import ssn

from openocmw.accounts.models import Ocmw, User
from openocmw.registry.demo import OCMWS, Generator, _Counters


def _people(seed: int, n: int = 400):
    spec = OCMWS[0]
    gen = Generator(
        seed, Ocmw(name_nl="x", nis_code="24062", region="flanders"), spec, User(username="d")
    )
    out = []
    for household in gen.households(n):
        out += [s.person for s in household]
    return out


def test_same_seed_same_people_and_every_insz_agrees_with_birth_and_sex():
    first, again = _people(7), _people(7)
    assert [(p.insz, p.first_name, p.last_name) for p in first] == [
        (p.insz, p.first_name, p.last_name) for p in again
    ]
    assert [p.insz for p in _people(8)] != [p.insz for p in first]
    for p in first:
        if p.insz:
            assert ssn.is_valid(p.insz) and ssn.get_birth_date(p.insz) == p.birth_date
            assert ssn.get_gender(p.insz) == p.sex


def test_a_birth_date_has_499_serials_for_men_and_498_for_women_then_none():
    """Serials 001-997: odd for men (499), even for women (498) (KSZ, INSZ structure)."""
    counters, day, rng = _Counters(), date(2000, 1, 1), random.Random(1)
    men = [counters.serial(rng, day, "M") for _ in range(500)]
    women = [counters.serial(rng, day, "F") for _ in range(499)]
    assert None not in men[:499] and men[499] is None and len(set(men[:499])) == 499
    assert None not in women[:498] and women[498] is None
    assert all(s % 2 == 1 for s in men[:499]) and all(s % 2 == 0 for s in women[:498])

"""Deterministic, realistic demo data: OCMWs, users for every role, persons in households.

Same seed, same data. ``openocmw demo --persons N`` scales to a million persons: rows are
generated in batches and inserted with ``bulk_create``. Names, nationalities and residence
statuses go together (a Syrian recognised refugee, a Romanian EU citizen, a Belgian from
Leuven), every INSZ is valid and agrees with the birth date and sex, and households have a
history (a partner who moved out, a child born last year).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from openocmw.accounts import audit
from openocmw.accounts.models import Membership as Role_
from openocmw.accounts.models import Ocmw, Role, User
from openocmw.jobs.models import Marker

from .models import Household, Membership, Person, PersonVersion, ResidenceStatus
from .services import fold, search_key

log = logging.getLogger("openocmw.demo")

DEMO_PASSWORD = "demo-openocmw"  # noqa: S105 - printed on purpose, demo only
TODAY = date(2026, 11, 1)

OCMWS = [
    {
        "key": "leuven", "name_nl": "OCMW Leuven", "name_fr": "CPAS de Louvain", "nis_code": "24062",
        "region": "flanders", "languages": "nl", "municipality_nl": "Leuven",
        "municipality_fr": "Louvain", "postal_codes": ["3000", "3001", "3010", "3012", "3018"],
        "language": "nl",
    },
    {
        "key": "namur", "name_nl": "OCMW Namen", "name_fr": "CPAS de Namur", "nis_code": "92094",
        "region": "wallonia", "languages": "fr", "municipality_nl": "Namen",
        "municipality_fr": "Namur", "postal_codes": ["5000", "5001", "5002", "5020", "5100"],
        "language": "fr",
    },
    {
        "key": "sintgillis", "name_nl": "OCMW Sint-Gillis", "name_fr": "CPAS de Saint-Gilles",
        "nis_code": "21013", "region": "brussels", "languages": "fr,nl",
        "municipality_nl": "Sint-Gillis", "municipality_fr": "Saint-Gilles",
        "postal_codes": ["1060"], "language": "fr",
    },
]  # fmt: skip

STREETS = {
    "nl": ["Kerkstraat", "Stationsstraat", "Molenstraat", "Dorpsstraat", "Schoolstraat",
           "Naamsestraat", "Tiensestraat", "Diestsestraat", "Brusselsestraat", "Vaartstraat",
           "Kapucijnenvoer", "Ridderstraat", "Parkstraat", "Blijde-Inkomststraat", "Minderbroedersstraat",
           "Mechelsestraat", "Bondgenotenlaan", "Lindenlaan", "Populierenlaan", "Boomgaardstraat"],
    "fr": ["Rue de Fer", "Rue de l'Ange", "Rue des Brasseurs", "Rue Saint-Jacques", "Rue de Bruxelles",
           "Avenue de la Gare", "Rue Godefroid", "Rue Rogier", "Chaussée de Louvain", "Rue du Président",
           "Rue de la Montagne", "Rue des Tanneries", "Rue Emile Cuvelier", "Boulevard d'Herbatte",
           "Rue de Dave", "Rue Henri Lemaître", "Rue Borgnet", "Rue Bas de la Place", "Rue du Lombard",
           "Avenue Reine Astrid"],
    "bxl": ["Chaussée de Waterloo", "Rue de la Victoire", "Avenue Jean Volders", "Rue Vanderschrick",
            "Chaussée de Forest", "Rue de Mérode", "Rue Théodore Verhaegen", "Avenue Ducpétiaux",
            "Rue de Moscou", "Parvis de Saint-Gilles", "Rue Émile Féron", "Rue Dethy",
            "Avenue du Roi", "Rue de Parme", "Rue Hôtel des Monnaies"],
}  # fmt: skip

# (weight, nationality codes, name pool, residence status) by region.
FIRST_NAMES = {
    "flemish": (["Jan", "Pieter", "Tom", "Wouter", "Koen", "Bart", "Stijn", "Lucas", "Arne", "Jef",
                 "Dirk", "Luc", "Noah", "Lars", "Mathis", "Seppe", "Ward", "Rik"],
                ["Marie", "An", "Els", "Sofie", "Lotte", "Hanne", "Emma", "Lien", "Katrien", "Ilse",
                 "Nele", "Femke", "Leen", "Julie", "Anouk", "Mila", "Lisa", "Greet"]),
    "walloon": (["Jean", "Pierre", "Michel", "Philippe", "Luc", "Thomas", "Nicolas", "Julien",
                 "Maxime", "Antoine", "Louis", "Arthur", "Hugo", "Gilles", "Benoît", "Olivier"],
                ["Marie", "Nathalie", "Isabelle", "Sophie", "Julie", "Camille", "Chloé", "Léa",
                 "Manon", "Pauline", "Céline", "Valérie", "Louise", "Amandine", "Sarah", "Aurélie"]),
    "maghreb": (["Mohamed", "Ahmed", "Youssef", "Karim", "Mehdi", "Hamza", "Bilal", "Rachid",
                 "Omar", "Ayoub", "Samir", "Nordin"],
                ["Fatima", "Khadija", "Samira", "Nadia", "Amina", "Salma", "Yasmina", "Houda",
                 "Imane", "Meryem", "Latifa", "Nora"]),
    "turkish": (["Mehmet", "Mustafa", "Ahmet", "Emre", "Burak", "Yusuf", "Hakan", "Murat"],
                ["Ayşe", "Fatma", "Elif", "Zeynep", "Emine", "Hatice", "Büşra", "Merve"]),
    "slavic": (["Piotr", "Tomasz", "Andrzej", "Marek", "Krzysztof", "Paweł", "Ion", "Andrei",
                "Mihai", "Vasile", "Dmitri", "Georgi"],
               ["Anna", "Katarzyna", "Magdalena", "Agnieszka", "Elena", "Ioana", "Maria",
                "Andreea", "Olga", "Natalia", "Daria", "Irina"]),
    "levant": (["Ahmad", "Mahmoud", "Khaled", "Hassan", "Ali", "Omar", "Abdullah", "Yazan",
                "Rami", "Firas"],
               ["Rania", "Lina", "Hala", "Nour", "Maryam", "Huda", "Reem", "Dima", "Layla", "Sara"]),
    "afghan": (["Ahmad", "Mohammad", "Abdul", "Farid", "Jawad", "Nasir", "Sayed", "Zabihullah"],
               ["Fatima", "Zahra", "Maryam", "Shabnam", "Nazanin", "Parwana", "Farzana", "Mina"]),
    "central_africa": (["Patrick", "Jean-Pierre", "Christian", "Didier", "Serge", "Jonathan",
                        "Grâce", "Héritier", "Trésor", "Emmanuel"],
                       ["Marie", "Esther", "Ruth", "Christelle", "Grâce", "Nadine", "Chantal",
                        "Divine", "Merveille", "Sarah"]),
    "eritrean": (["Yonas", "Dawit", "Tesfay", "Mehari", "Berhane", "Samuel", "Filmon"],
                 ["Helen", "Senait", "Lidia", "Selam", "Mebrat", "Rahel", "Saba"]),
}  # fmt: skip

LAST_NAMES = {
    "flemish": ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
                "Wouters", "De Smet", "Van den Broeck", "Verhoeven", "Hermans", "Vermeulen",
                "Van Damme", "De Cock", "Aerts", "Smets", "Van Dyck", "Lemmens", "Verstraeten",
                "Vandenberghe", "Cools", "Michiels", "Geerts", "Vermeiren", "Bogaerts", "Stevens"],
    "walloon": ["Dubois", "Lambert", "Dupont", "Martin", "Simon", "Laurent", "Leclercq", "Lejeune",
                "Renard", "Collard", "François", "Denis", "Gérard", "Lemaire", "Mathieu", "Leroy",
                "Henry", "Petit", "Fontaine", "Dumont", "Delvaux", "Noël", "Marchal", "Lambotte"],
    "maghreb": ["El Amrani", "Benali", "El Idrissi", "Bouzid", "Azzouzi", "Ouali", "El Khattabi",
                "Boukhari", "Chahid", "Haddouchi", "Ait Ouali", "Belhaj", "Tahiri", "Zerouali"],
    "turkish": ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan"],
    "slavic": ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Popescu", "Ionescu", "Dumitru",
               "Stan", "Ivanov", "Petrov", "Georgiev", "Kowalczyk"],
    "levant": ["Al-Hassan", "Khalil", "Haddad", "Mansour", "Al-Ahmad", "Nasser", "Darwish",
               "Saleh", "Youssef", "Hamdan"],
    "afghan": ["Ahmadi", "Rahimi", "Karimi", "Hashimi", "Noori", "Sultani", "Popal", "Hakimi"],
    "central_africa": ["Mbuyi", "Kabongo", "Tshibangu", "Mukendi", "Ilunga", "Kalonji", "Nkulu",
                       "Lukusa", "Mwamba", "Kasongo"],
    "eritrean": ["Tesfamariam", "Gebremedhin", "Haile", "Kidane", "Tekle", "Berhe", "Woldu"],
}  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """Who lives in the OCMW: origin, nationality, residence status with its history."""

    weight: float
    names: str
    nationalities: tuple[str, ...]
    status: str
    previous: str | None = None  # an earlier status (e.g. asylum seeker before refugee)


PROFILES = {
    "flanders": [
        Profile(62, "flemish", ("BE",), "belgian"),
        Profile(8, "maghreb", ("BE",), "belgian"),
        Profile(3, "turkish", ("BE",), "belgian"),
        Profile(6, "slavic", ("PL", "RO", "BG"), "eu_citizen"),
        Profile(2, "maghreb", ("MA",), "population_register"),
        Profile(2, "turkish", ("TR",), "foreigners_register"),
        Profile(5, "levant", ("SY",), "recognised_refugee", "asylum_seeker"),
        Profile(3, "afghan", ("AF",), "subsidiary_protection", "asylum_seeker"),
        Profile(3, "eritrean", ("ER",), "recognised_refugee", "asylum_seeker"),
        Profile(3, "afghan", ("AF",), "asylum_seeker"),
        Profile(1, "central_africa", ("CD",), "foreigners_register"),
        Profile(1, "levant", ("PS",), "stateless", "asylum_seeker"),
        Profile(1, "maghreb", ("DZ",), "no_legal_residence"),
    ],
    "wallonia": [
        Profile(60, "walloon", ("BE",), "belgian"),
        Profile(8, "maghreb", ("BE",), "belgian"),
        Profile(4, "walloon", ("FR",), "eu_citizen"),
        Profile(4, "slavic", ("RO", "PL"), "eu_citizen"),
        Profile(4, "central_africa", ("CD", "CM", "RW"), "population_register"),
        Profile(3, "maghreb", ("MA", "DZ"), "foreigners_register"),
        Profile(5, "levant", ("SY", "IQ"), "recognised_refugee", "asylum_seeker"),
        Profile(3, "afghan", ("AF",), "subsidiary_protection", "asylum_seeker"),
        Profile(4, "afghan", ("AF",), "asylum_seeker"),
        Profile(1, "levant", ("PS",), "stateless", "asylum_seeker"),
        Profile(4, "central_africa", ("CD", "GN"), "no_legal_residence"),
    ],
    "brussels": [
        Profile(22, "walloon", ("BE",), "belgian"),
        Profile(12, "flemish", ("BE",), "belgian"),
        Profile(16, "maghreb", ("BE",), "belgian"),
        Profile(8, "walloon", ("FR", "IT", "ES", "PT"), "eu_citizen"),
        Profile(8, "slavic", ("RO", "PL", "BG"), "eu_citizen"),
        Profile(7, "maghreb", ("MA",), "population_register"),
        Profile(4, "central_africa", ("CD", "CM"), "foreigners_register"),
        Profile(6, "levant", ("SY", "IQ"), "recognised_refugee", "asylum_seeker"),
        Profile(3, "eritrean", ("ER",), "subsidiary_protection", "asylum_seeker"),
        Profile(5, "afghan", ("AF",), "asylum_seeker"),
        Profile(1, "levant", ("PS",), "stateless", "asylum_seeker"),
        Profile(8, "maghreb", ("MA", "DZ", "TN"), "no_legal_residence"),
    ],
}

USERS = [
    # (suffix, first name, last name, role)
    ("maatschappelijk.werker", "Sara", "Vermeulen", Role.SOCIAL_WORKER),
    ("maatschappelijk.werker2", "Youssef", "Benali", Role.SOCIAL_WORKER),
    ("teamleider", "Koen", "Maes", Role.TEAM_LEAD),
    ("bcsd", "Hilde", "Claes", Role.COUNCIL_MEMBER),
    ("veiligheidsconsulent", "Pieter", "Wouters", Role.SECURITY_ADVISER),
    ("beheerder", "Ann", "Goossens", Role.OCMW_ADMIN),
]
USERS_FR = [
    ("assistant.social", "Julie", "Lambert", Role.SOCIAL_WORKER),
    ("assistant.social2", "Karim", "El Idrissi", Role.SOCIAL_WORKER),
    ("chef.equipe", "Olivier", "Dumont", Role.TEAM_LEAD),
    ("comite", "Nathalie", "Renard", Role.COUNCIL_MEMBER),
    ("conseiller.securite", "Benoît", "Leroy", Role.SECURITY_ADVISER),
    ("administrateur", "Céline", "Denis", Role.OCMW_ADMIN),
]
INSPECTOR = ("inspecteur.pod-mi", "Eva", "Declercq")


def insz_for(birth: date, serial: int) -> str:
    """A valid national number for this birth date and serial (odd: male, even: female)."""
    base = f"{birth:%y%m%d}{serial:03d}"
    n = int(base) + (2_000_000_000 if birth.year >= 2000 else 0)
    return f"{base}{97 - n % 97:02d}"


@dataclass
class Stay:
    person: Person
    relation: str
    start: date
    start_reason: str
    profile: Profile
    until: date | None = None
    end_reason: str = ""


@dataclass
class _Counters:
    used: dict[date, set[int]] = field(default_factory=dict)

    def serial(self, rng: random.Random, birth: date, sex: str) -> int | None:
        """A free serial for this birth date and sex (odd: men, even: women), or None."""
        taken = self.used.setdefault(birth, set())
        start = rng.randrange(1, 997)
        for k in range(998):
            s = (start + k) % 997 + 1
            if (s % 2 == 1) == (sex == "M") and s not in taken:
                taken.add(s)
                return s
        return None


class Generator:
    def __init__(self, seed: int, ocmw: Ocmw, spec: dict, creator: User):
        self.rng = random.Random(f"{seed}:{spec['key']}")  # noqa: S311 - demo data
        self.ocmw, self.spec, self.creator = ocmw, spec, creator
        self.counters = _Counters()
        self.profiles = PROFILES[spec["region"]]
        self.weights = [p.weight for p in self.profiles]
        street_pool = {"flanders": "nl", "wallonia": "fr", "brussels": "bxl"}[spec["region"]]
        self.streets = STREETS[street_pool]

    def birth(self, age_lo: int, age_hi: int) -> date:
        days = self.rng.randint(age_lo * 365 + 1, age_hi * 365 + 300)
        return TODAY - timedelta(days=days)

    def address(self) -> dict:
        r = self.rng
        return {
            "street": r.choice(self.streets),
            "house_number": str(r.randint(1, 180)),
            "box": r.choice(["", "", "", "", "1", "2", "3", "A", "B", "0.1", "1.2"]),
            "postal_code": r.choice(self.spec["postal_codes"]),
            "municipality": self.spec[
                "municipality_fr" if self.spec["language"] == "fr" else "municipality_nl"
            ],
        }

    def adult(self, birth: date) -> date:
        """``birth``, or a birth date spread over ten years before the 19th birthday: clamping
        everyone to the same day would use up that day's 498 serial numbers."""
        limit = TODAY - timedelta(days=19 * 365)
        return birth if birth <= limit else limit - timedelta(days=self.rng.randint(0, 3650))

    def person(self, profile: Profile, birth: date, sex: str, last: str, addr: dict) -> Person:
        r = self.rng
        firsts = FIRST_NAMES[profile.names][0 if sex == "M" else 1]
        language = self.spec["language"]
        if self.spec["region"] == "brussels":
            language = "nl" if profile.names == "flemish" else "fr"
        nationality = r.choice(profile.nationalities)
        insz = ""
        if profile.status != "no_legal_residence" or r.random() < 0.3:
            serial = self.counters.serial(r, birth, sex)
            while serial is None:  # every number of this day is taken: a day earlier
                birth -= timedelta(days=1)
                serial = self.counters.serial(r, birth, sex)
            insz = insz_for(birth, serial)
        first = r.choice(firsts)
        phone = f"04{r.randint(70, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}"
        return Person(
            ocmw=self.ocmw, insz=insz, first_name=first, last_name=last, birth_date=birth,
            sex=sex, nationality=nationality, language=language,
            phone=phone if r.random() < 0.8 else "",
            email="", search_name=search_key(last, first),
            search_first=fold(first), search_street=fold(addr.get("street", "")),
            created_by=self.creator, **addr,
        )  # fmt: skip

    def households(self, n_persons: int) -> Iterator[list[Stay]]:
        """Yield households as lists of stays, the reference person first."""
        r = self.rng
        made = 0
        while made < n_persons:
            profile = r.choices(self.profiles, self.weights)[0]
            addr = self.address()
            names = LAST_NAMES[profile.names]
            last = r.choice(names)
            kind = r.choices(
                ["single", "couple", "family", "single_parent", "with_parent", "cohabitants"],
                [34, 16, 22, 18, 5, 5],
            )[0]
            ref_sex = r.choice("MF")
            ref_birth = self.birth(19, 78)
            since = max(
                ref_birth + timedelta(days=18 * 365), TODAY - timedelta(days=r.randint(30, 4000))
            )
            members = [
                Stay(
                    self.person(profile, ref_birth, ref_sex, last, addr),
                    "reference",
                    since,
                    "founded",
                    profile,
                )
            ]
            if kind in ("couple", "family"):
                p_birth = ref_birth + timedelta(days=r.randint(-2500, 2500))
                p_birth = self.adult(p_birth)
                p_last = last if r.random() < 0.4 else r.choice(names)
                p_from = since + timedelta(days=r.randint(0, 400))
                if p_from > TODAY:
                    p_from = since
                members.append(
                    Stay(
                        self.person(profile, p_birth, "F" if ref_sex == "M" else "M", p_last, addr),
                        "partner",
                        p_from,
                        "moved_in",
                        profile,
                    )
                )
            if kind == "single_parent" and r.random() < 0.5:
                # A partner who moved out: the household has a history.
                p_birth = ref_birth + timedelta(days=r.randint(-2000, 2000))
                p_birth = self.adult(p_birth)
                out = TODAY - timedelta(days=r.randint(40, 900))
                members.append(
                    Stay(
                        self.person(
                            profile, p_birth, "F" if ref_sex == "M" else "M", r.choice(names), addr
                        ),
                        "partner",
                        since,
                        "moved_in",
                        profile,
                        max(out, since),
                        "moved_out",
                    )
                )
            if kind in ("family", "single_parent"):
                mother_age = (TODAY - ref_birth).days // 365
                for _ in range(r.choice([1, 1, 2, 2, 3, 4])):
                    max_age = min(24, mother_age - 18)
                    if max_age < 0:
                        break
                    c_birth = TODAY - timedelta(days=r.randint(20, max_age * 365 + 200))
                    if c_birth <= ref_birth + timedelta(days=16 * 365):
                        continue
                    c_from = max(c_birth, since)
                    reason = "birth" if c_birth >= since else "moved_in"
                    members.append(
                        Stay(
                            self.person(profile, c_birth, r.choice("MF"), last, addr),
                            "child",
                            c_from,
                            reason,
                            profile,
                        )
                    )
            if kind == "with_parent":
                g_birth = ref_birth - timedelta(days=r.randint(20 * 365, 35 * 365))
                members.append(
                    Stay(
                        self.person(profile, g_birth, r.choice("MF"), last, addr),
                        "parent",
                        since + timedelta(days=r.randint(0, 300)),
                        "moved_in",
                        profile,
                    )
                )
            if kind == "cohabitants":
                o_profile = r.choices(self.profiles, self.weights)[0]
                members.append(
                    Stay(
                        self.person(
                            o_profile,
                            self.birth(19, 60),
                            r.choice("MF"),
                            r.choice(LAST_NAMES[o_profile.names]),
                            addr,
                        ),
                        "other",
                        since + timedelta(days=r.randint(0, 300)),
                        "moved_in",
                        o_profile,
                    )
                )
            members = [m for m in members if m.start <= TODAY]
            made += len(members)
            yield members


def _create_users(ocmws: dict[str, Ocmw]) -> User:
    pw = make_password(DEMO_PASSWORD)
    for key, ocmw in ocmws.items():
        spec = next(s for s in OCMWS if s["key"] == key)
        table = USERS if spec["language"] == "nl" else USERS_FR
        for suffix, first, last, role in table:
            user, _ = User.objects.get_or_create(
                username=f"{key}.{suffix}",
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "password": pw,
                    "language": spec["language"],
                },
            )
            Role_.objects.get_or_create(user=user, ocmw=ocmw, role=role)
    # A social worker who works for two OCMWs (a shared service), to show the OCMW switch.
    shared = User.objects.get(username="leuven.maatschappelijk.werker")
    Role_.objects.get_or_create(user=shared, ocmw=ocmws["sintgillis"], role=Role.SOCIAL_WORKER)
    inspector, _ = User.objects.get_or_create(
        username=INSPECTOR[0],
        defaults={"first_name": INSPECTOR[1], "last_name": INSPECTOR[2], "password": pw},
    )
    Role_.objects.get_or_create(user=inspector, ocmw=None, role=Role.FEDERAL_INSPECTOR)
    return User.objects.get(username="leuven.beheerder")


def demo_logins() -> list[str]:
    rows = []
    for m in Role_.objects.select_related("user", "ocmw").order_by(
        "ocmw__nis_code", "role", "user__username"
    ):
        where = m.ocmw.name_nl if m.ocmw else "POD MI"
        rows.append(f"{m.user.username:<42} {m.get_role_display():<28} {where}")
    return rows


SHARES = {"leuven": 0.45, "namur": 0.35, "sintgillis": 0.20}


def targets(persons: int) -> dict[str, int]:
    """How many of ``persons`` each demo OCMW gets (a household more may round it up)."""
    return {spec["key"]: max(1, round(persons * SHARES[spec["key"]])) for spec in OCMWS}


def marker_key(ocmw: Ocmw, seed: int) -> str:
    return f"demo:registry:{ocmw.nis_code}:{seed}"


def demo_ocmws() -> dict[str, Ocmw]:
    """The three demo OCMWs, created when missing."""
    ocmws: dict[str, Ocmw] = {}
    for spec in OCMWS:
        fields = {
            k: spec[k]
            for k in ("name_nl", "name_fr", "region", "languages", "municipality_nl",
                      "municipality_fr")
        }  # fmt: skip
        fields["postal_code"] = spec["postal_codes"][0]
        ocmws[spec["key"]], _ = Ocmw.objects.get_or_create(
            nis_code=spec["nis_code"], defaults=fields
        )
    return ocmws


def loaded(ocmw: Ocmw, seed: int) -> tuple[int, int] | None:
    """(households, persons) of the demo load of ``ocmw`` so far, or None if its persons
    did not come from this loader with this seed (then a load leaves it alone)."""
    marker = Marker.objects.filter(key=marker_key(ocmw, seed)).first()
    if marker is not None:
        return marker.value["households"], marker.value["persons"]
    if Person.objects.filter(ocmw=ocmw).exists():
        return None
    return 0, 0


def complete(persons: int, seed: int = 2026) -> bool:
    """True if every demo OCMW has its share of ``persons`` (or persons of its own)."""
    found = {
        o.nis_code: o for o in Ocmw.objects.filter(nis_code__in=[s["nis_code"] for s in OCMWS])
    }
    for spec in OCMWS:
        ocmw = found.get(spec["nis_code"])
        if ocmw is None:
            return False
        state = loaded(ocmw, seed)
        if state is not None and state[1] < targets(persons)[spec["key"]]:
            return False
    return True


def load(
    persons: int = 600, seed: int = 2026, batch: int = 5000, progress=None, *, step=None,
    pause: float = 0.0,
) -> dict:  # fmt: skip
    """Create the demo OCMWs and users (once) and top the OCMWs up to ``persons`` persons.

    Idempotent and resumable: the same seed always generates the same households in the same
    order, and a marker per OCMW (committed with each batch) says how many are stored. A load
    again, a larger one, or one after a load killed halfway generates from the start, skips
    the households stored already and inserts the rest: the data are those of one clean load
    of ``persons``. ``step()`` gives the transaction of one batch (a job's step); ``pause``
    seconds between batches leave the database to others. Returns the persons added per OCMW.
    """
    step = step or transaction.atomic
    ocmws = demo_ocmws()
    creator = _create_users(ocmws)
    created = {}
    for spec in OCMWS:
        ocmw = ocmws[spec["key"]]
        created[spec["key"]] = _top_up(
            ocmw, spec, targets(persons)[spec["key"]], seed, batch, creator, progress, step, pause
        )
    return created


def _top_up(ocmw, spec, target, seed, batch, creator, progress, step, pause) -> int:
    state = loaded(ocmw, seed)
    if state is None:
        log.warning("%s has persons not loaded as demo data with seed %s: left alone", ocmw, seed)
        return 0
    skip_households, stored = state
    if progress:
        progress(spec["key"], min(stored, target), target)
    if stored >= target:
        return 0
    gen = Generator(seed, ocmw, spec, creator)
    n = index = added = 0
    buffer: list[tuple[list[Stay], list[ResidenceStatus]]] = []
    buffered = 0
    for household in gen.households(target):
        statuses = _statuses(household, gen.rng)  # drawn per household: same data whatever
        index += 1  # the batches
        n += len(household)
        if index <= skip_households:
            continue
        buffer.append((household, statuses))
        buffered += len(household)
        last = n >= target
        if buffered >= batch or last:
            with step():
                _write(ocmw, buffer, creator)
                Marker.objects.update_or_create(
                    key=marker_key(ocmw, seed),
                    defaults={"value": {"households": index, "persons": n}},
                )
                added += buffered
                if last:
                    audit.record(
                        None, "create", object_type="demo_data", ocmw=ocmw, username="demo",
                        purpose="demo data", detail={"persons": n, "added": added, "seed": seed},
                    )  # fmt: skip
            buffer, buffered = [], 0
            if progress:
                progress(spec["key"], n, target)
            if pause and not last:
                time.sleep(pause)
        if last:
            break
    return added


def _statuses(household: list[Stay], rng: random.Random) -> list[ResidenceStatus]:
    """The residence statuses of a household's members (with an earlier status for some)."""
    statuses = []
    for stay in household:
        person, profile = stay.person, stay.profile
        arrival = (
            person.birth_date
            if profile.status == "belgian"
            else max(person.birth_date, TODAY - timedelta(days=rng.randint(60, 3000)))
        )
        if profile.previous and rng.random() < 0.85:
            change = arrival + timedelta(days=rng.randint(120, 900))
            if change < TODAY:
                statuses.append(
                    ResidenceStatus(
                        person=person, status=profile.previous, valid_from=arrival,
                        valid_until=change - timedelta(days=1), document="Annex 26",
                    )
                )  # fmt: skip
                arrival = change
        statuses.append(
            ResidenceStatus(
                person=person, status=profile.status, valid_from=arrival,
                document=DOCUMENTS[profile.status],
            )
        )  # fmt: skip
    return statuses


DOCUMENTS = {
    "belgian": "Identiteitskaart",
    "eu_citizen": "E+",
    "population_register": "Kaart B",
    "foreigners_register": "Kaart A",
    "recognised_refugee": "Beslissing CGVS",
    "subsidiary_protection": "Beslissing CGVS",
    "stateless": "Vonnis staatloosheid",
    "asylum_seeker": "Bijlage 26",
    "no_legal_residence": "",
}


@transaction.atomic
def _flush(ocmw: Ocmw, households: list[list], rng: random.Random, creator: User) -> None:
    """Insert ``households`` (their statuses drawn from ``rng`` now)."""
    _write(ocmw, [(h, _statuses(h, rng)) for h in households], creator)


def _write(ocmw: Ocmw, rows: list[tuple[list[Stay], list[ResidenceStatus]]], creator: User):
    households = [h for h, _ in rows]
    people = [m.person for h in households for m in h]
    Person.objects.bulk_create(people, batch_size=2000)
    PersonVersion.objects.bulk_create(
        [
            PersonVersion(
                person=p, version=1, data={"demo": True}, reason="created", recorded_by=creator
            )
            for p in people
        ],
        batch_size=2000,
    )
    statuses = [s for _, ss in rows for s in ss]
    for status in statuses:
        status.person = status.person  # the person's id, now that it is saved
        status.recorded_by = creator
    ResidenceStatus.objects.bulk_create(statuses, batch_size=2000)
    hhs = [
        Household(
            ocmw=ocmw,
            reference_person=h[0].person,
            **{
                k: getattr(h[0].person, k)
                for k in ("street", "house_number", "box", "postal_code", "municipality")
            },
        )
        for h in households
    ]
    Household.objects.bulk_create(hhs, batch_size=2000)
    memberships = []
    for hh, h in zip(hhs, households, strict=True):
        for stay in h:
            memberships.append(
                Membership(
                    household=hh,
                    person=stay.person,
                    relation=stay.relation,
                    valid_from=stay.start,
                    valid_until=stay.until,
                    start_reason=stay.start_reason,
                    end_reason=stay.end_reason,
                    recorded_by=creator,
                )
            )
    Membership.objects.bulk_create(memberships, batch_size=2000)

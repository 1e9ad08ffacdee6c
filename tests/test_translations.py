"""The Dutch, French and German catalogues: complete, consistent, compiled, and what users see.

The interface never shows English (DESIGN.md). These tests fail when a string is added to the
code but not translated (after `makemessages`), when a translation breaks a placeholder, when
our own .mo compiler stops producing what GNU gettext readers expect, and when a page shows an
English msgid instead of its translation. How to fix a failure: docs/translations.md.
"""

from __future__ import annotations

import ast
import functools
import gettext
import re
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from openocmw.accounts.models import Role
from openocmw.i18n import LOCALE_DIR, parse_po, write_mo

LANGUAGES = ("nl", "fr", "de")
OTHER_NAMES = {"nl": "Dutch", "fr": "French", "de": "German"}
HOW_TO = "see docs/translations.md"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


def raw_entries(lang: str) -> list[dict]:
    """Every non-obsolete entry of the .po file as written: msgid, plural, msgstr forms, flags."""
    entries = []
    for block in po_path(lang).read_text(encoding="utf-8").split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines()]
        if not lines or all(line.startswith("#~") for line in lines):
            continue
        flags = {
            flag.strip() for line in lines if line.startswith("#,") for flag in line[2:].split(",")
        }
        fields: dict[str, list[str]] = {}
        key = None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[key].append(ast.literal_eval(line))
            else:
                key, _, rest = line.partition(" ")
                fields[key] = [ast.literal_eval(rest)]
        if "msgid" not in fields:
            continue
        forms = [
            "".join(v)
            for k, v in sorted(fields.items())
            if k == "msgstr" or k.startswith("msgstr[")
        ]
        entries.append(
            {
                "msgctxt": "".join(fields.get("msgctxt", [])) or None,
                "msgid": "".join(fields["msgid"]),
                "msgid_plural": "".join(fields["msgid_plural"])
                if "msgid_plural" in fields
                else None,
                "msgstr": forms,
                "flags": flags,
            }
        )
    return entries


def key_of(entry: dict) -> str:
    """The key parse_po uses: context, msgid and plural msgid."""
    key = entry["msgid"]
    if entry["msgid_plural"] is not None:
        key += "\x00" + entry["msgid_plural"]
    if entry["msgctxt"]:
        key = entry["msgctxt"] + "\x04" + key
    return key


PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{\{.*?\}\}|\{\w*\}")


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


# --- (a) complete: no untranslated, no fuzzy ---------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_is_complete_and_has_no_fuzzy_entry(lang):
    entries = raw_entries(lang)
    header = [e for e in entries if e["msgid"] == "" and not e["msgctxt"]]
    assert len(header) == 1, "the catalogue has no header"
    assert "fuzzy" not in header[0]["flags"], (
        f"{lang}: the header is marked fuzzy; the compiler would drop it (and the plural rule)"
    )
    assert f"Language: {lang}\n" in header[0]["msgstr"][0]
    assert "Plural-Forms: nplurals=2;" in header[0]["msgstr"][0]

    messages = [e for e in entries if e is not header[0]]
    assert len(messages) > 100, "the catalogue lost most of its messages"
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert not fuzzy, f"{lang}: fuzzy entries must be reviewed and unflagged ({HOW_TO}): {fuzzy}"
    empty = [e["msgid"] for e in messages if not all(form.strip() for form in e["msgstr"])]
    assert not empty, f"{lang}: untranslated entries ({HOW_TO}): {empty}"
    plural_sizes = {len(e["msgstr"]) for e in messages if e["msgid_plural"] is not None}
    assert plural_sizes <= {2}, f"{lang}: a plural entry needs exactly 2 forms"

    # Everything written in the file reaches the compiled catalogue.
    parsed = parse_po(po_path(lang).read_text(encoding="utf-8"))
    assert set(parsed) == {key_of(e) for e in entries}


# --- (b) the same messages in every language ----------------------------------------------


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "nl"])
def test_catalogues_have_the_same_messages_as_the_dutch_one(lang):
    nl = {key_of(e) for e in raw_entries("nl")}
    other = {key_of(e) for e in raw_entries(lang)}
    assert not nl - other, f"missing in {lang}: {sorted(nl - other)}"
    assert not other - nl, f"missing in nl: {sorted(other - nl)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_has_no_duplicate_message(lang):
    """Engineers append to the same files; a message written twice breaks msgfmt."""
    counts = Counter(key_of(e) for e in raw_entries(lang))
    assert not [k for k, n in counts.items() if n > 1], f"{lang}: duplicate msgids"


# --- (c) placeholders survive translation -------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_every_placeholder(lang):
    wrong = []
    for e in raw_entries(lang):
        if not e["msgid"]:
            continue
        if e["msgid_plural"] is None:
            expected = [placeholders(e["msgid"])]
        else:
            expected = [placeholders(e["msgid_plural"])]
        for form in e["msgstr"]:
            if form and placeholders(form) not in expected:  # empty: the test above
                wrong.append((e["msgid"], form))
    assert not wrong, f"{lang}: placeholders differ from the msgid: {wrong}"


def test_placeholder_check_notices_a_broken_translation():
    assert placeholders("Household of %(name)s") != placeholders("Gezin van %(naam)s")
    assert placeholders("page %(n)s of %(total)s") == placeholders("page %(n)s sur %(total)s")


# --- (d) our compiler writes what gettext readers expect ----------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            {
                "Log in": "Aanmelden",
                "national number (INSZ)": "rijksregisternummer (INSZ)",
                "social worker": "maatschappelijk werker",
                "household": "gezin",
                "The national number must have 11 digits.": (
                    "Het rijksregisternummer moet 11 cijfers tellen."
                ),
            },
        ),
        (
            "de",
            {
                "Log in": "Anmelden",
                "national number (INSZ)": "Nationalregisternummer (INSZ)",
                "social worker": "Sozialarbeiter",
                "household": "Haushalt",
                "OCMW": "ÖSHZ",
                "leefloon (integration income)": "Eingliederungseinkommen",
                "GPMI": "IPSE",
                "The national number must have 11 digits.": (
                    "Die Nationalregisternummer muss 11 Ziffern haben."
                ),
            },
        ),
        (
            "fr",
            {
                "Log in": "Se connecter",
                "national number (INSZ)": "numéro de registre national (NISS)",
                "social worker": "assistant social",
                "household": "ménage",
                "OCMW": "CPAS",
                "The national number must have 11 digits.": (
                    "Le numéro de registre national doit compter 11 chiffres."
                ),
            },
        ),
    ],
)
def test_compiled_catalogue_round_trips_through_python_gettext(tmp_path, lang, expected):
    mo = tmp_path / lang / "LC_MESSAGES" / "django.mo"
    mo.parent.mkdir(parents=True)
    write_mo(parse_po(po_path(lang).read_text(encoding="utf-8")), mo)
    with mo.open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)

    assert catalogue.info()["language"] == lang
    for msgid, msgstr in expected.items():
        assert catalogue.gettext(msgid) == msgstr
    # A message spread over several lines in the .po file is one message.
    assert catalogue.gettext(
        "This national number is not valid (wrong check number or impossible date)."
    ).startswith(
        {
            "nl": "Dit rijksregisternummer",
            "fr": "Ce numéro de registre national",
            "de": "Diese Nationalregisternummer",
        }[lang]
    )
    # The plural rule comes from the header: French says "0 an, 1 an, 2 ans", Dutch "1 jaar".
    years = {n: catalogue.ngettext("%(years)s year", "%(years)s years", n) for n in (0, 1, 2, 41)}
    if lang == "fr":
        assert years == {
            0: "%(years)s an",
            1: "%(years)s an",
            2: "%(years)s ans",
            41: "%(years)s ans",
        }
    elif lang == "de":  # German: "1 Jahr, 2 Jahre, 0 Jahre"
        assert years == {
            0: "%(years)s Jahre",
            1: "%(years)s Jahr",
            2: "%(years)s Jahre",
            41: "%(years)s Jahre",
        }
    else:
        assert set(years.values()) == {"%(years)s jaar"}
    assert catalogue.gettext("a message nobody wrote") == "a message nobody wrote"


# --- (e) the pages users see --------------------------------------------------------------


@pytest.fixture
def compiled():
    """The tests below read the compiled catalogues, as the running application does."""
    for lang in LANGUAGES:
        po = po_path(lang)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            pytest.fail(f"{mo} is missing or older than its .po: run `openocmw compilemessages`")


class _Texts(HTMLParser):
    """The texts a user reads: text nodes and the attributes shown on screen."""

    SHOWN = {"placeholder", "title", "aria-label", "alt"}

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.texts += [v for k, v in attrs if k in self.SHOWN and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.texts.append(data)


def texts_of(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.texts if t.strip()]


def text_of(html: str) -> str:
    """What the page says, entities decoded (d&#x27;audit is d'audit)."""
    return " ".join(texts_of(html))


def visible_texts(html: str) -> set[str]:
    """Each text, and each of its parts between separators, case-folded."""
    out = set()
    for text in texts_of(html):
        for part in [text, *re.split(r"[·|–:]", text)]:
            part = " ".join(part.split()).rstrip("*").strip()
            if part:
                out.add(part.casefold())
    return out


@functools.cache
def foreign_texts(lang: str) -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """Texts a ``lang`` page must not show, case-folded: every English msgid, and every
    translation into the other languages (Django shows the Dutch text on a French or German
    page when that translation is missing), unless the text is also a word of ``lang`` (Dutch
    "kind" is a child, not the English "kind"). Plain texts as a set, texts with placeholders
    as patterns.
    """
    entries = [e for e in raw_entries(lang) if e["msgid"]]  # untranslated ones too
    own = {form.casefold() for e in entries if "fuzzy" not in e["flags"] for form in e["msgstr"]}
    own |= {str(name).casefold() for _code, name in settings.LANGUAGES}  # the language button
    texts = [msgid for e in entries for msgid in (e["msgid"], e["msgid_plural"]) if msgid]
    for other in LANGUAGES:
        if other != lang:
            texts += [form for e in raw_entries(other) if e["msgid"] for form in e["msgstr"]]
    plain, patterns = set(), []
    for text in texts:
        folded = text.casefold()
        if not re.search(r"[^\W\d_]{2}", text) or folded in own:
            continue
        if PLACEHOLDER.search(text):
            parts = [re.escape(p) for p in PLACEHOLDER.split(folded)]
            patterns.append(re.compile(".+?".join(parts)))
        else:
            plain.add(folded)
    return frozenset(plain), tuple(patterns)


def assert_no_english(html: str, lang: str) -> None:
    """No English msgid, and no text of the other language, is shown on a ``lang`` page."""
    plain, patterns = foreign_texts(lang)
    texts = visible_texts(html)
    shown = sorted((texts & plain) | {t for t in texts for p in patterns if p.fullmatch(t)})
    others = " or ".join(OTHER_NAMES[x] for x in LANGUAGES if x != lang)
    assert not shown, f"English or {others} on a {lang} page: {shown}"


def test_english_detector_notices_an_untranslated_label():
    with pytest.raises(AssertionError, match="residence status history"):
        assert_no_english("<h2>Residence status history</h2>", "fr")
    with pytest.raises(AssertionError, match="household of"):
        assert_no_english("<h1>Household of Jan Peeters</h1>", "nl")
    with pytest.raises(AssertionError, match="geschiedenis van de verblijfsstatus"):
        assert_no_english("<h2>Geschiedenis van de verblijfsstatus</h2>", "fr")
    with pytest.raises(AssertionError, match="historique du statut de séjour"):
        assert_no_english("<h2>Historique du statut de séjour</h2>", "de")
    with pytest.raises(AssertionError, match="geschiedenis van de verblijfsstatus"):
        assert_no_english("<h2>Geschiedenis van de verblijfsstatus</h2>", "de")
    assert_no_english("<h2>Verlauf des Aufenthaltsstatus</h2><p>Français</p>", "de")
    assert_no_english("<h2>Historique du statut de séjour</h2><p>Nederlands</p>", "fr")
    assert_no_english("<h2>Geschiedenis van de verblijfsstatus</h2><p>Kind</p>", "nl")


@pytest.mark.parametrize(
    ("lang", "expected", "absent"),
    [
        (
            "fr",
            ["Se connecter", "Nom d’utilisateur", "Mot de passe"],
            ["Log in", "Username", "Password"],
        ),
        ("nl", ["Aanmelden", "Gebruikersnaam", "Wachtwoord"], ["Log in", "Username", "Password"]),
        ("de", ["Anmelden", "Benutzername", "Passwort"], ["Log in", "Username", "Password"]),
    ],
)
def test_login_page_speaks_the_browsers_language(compiled, lang, expected, absent):
    response = Client(HTTP_ACCEPT_LANGUAGE=lang).get("/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    for text in expected:
        assert text in text_of(html)
    for text in absent:
        assert text not in html
    assert_no_english(html, lang)


def test_login_page_without_a_known_language_is_dutch(compiled):
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get("/login/").content.decode()
    assert "Aanmelden" in html and "Log in" not in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_of_a_social_worker_show_no_english(compiled, client_for, jan, household, lang):
    c = client_for("a", Role.SOCIAL_WORKER, language=lang)
    pages = {
        "home": reverse("home"),
        "search": reverse("person_search") + "?q=peeters",
        "search without results": reverse("person_search") + "?q=nobody",
        "person": reverse("person_detail", args=[jan.pk]),
        "edit": reverse("person_edit", args=[jan.pk]),
        "new person": reverse("person_create"),
        "household": reverse("household_change", args=[household.pk]),
        "not found": "/persons/999999/",
    }
    for name, url in pages.items():
        response = c.get(url)
        assert response.status_code == (404 if name == "not found" else 200), name
        assert_no_english(response.content.decode(), lang)

    text = text_of(c.get(reverse("person_detail", args=[jan.pk])).content.decode())
    words = {
        "nl": [
            "Geschiedenis van de verblijfsstatus",
            "Gezinssamenstelling",
            "referentiepersoon",
            "Belg",
        ],
        "fr": [
            "Historique du statut de séjour",
            "Composition du ménage",
            "personne de référence",
            "Belge",
        ],
        "de": [
            "Verlauf des Aufenthaltsstatus",
            "Zusammensetzung des Haushalts",
            "Referenzperson",
            "Belgier",
            "Belgien",
        ],
    }[lang]
    for word in words:
        assert word in text
    age = jan.age_on(date.today())
    years = {"nl": "jaar", "fr": "ans", "de": "Jahr" if age == 1 else "Jahre"}[lang]
    assert f"({age} {years})" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_form_errors_are_in_the_users_language(compiled, client_for, household, lang):
    c = client_for("a", Role.SOCIAL_WORKER, language=lang)
    response = c.post(
        reverse("household_change", args=[household.pk]),
        {"reason": "moved_in", "person_insz": "", "relation": "", "date": "2020-01-01"},
    )
    html = response.content.decode()
    expected = {
        "nl": "Geef het rijksregisternummer van de persoon die bij het gezin komt.",
        "fr": "Indiquez le numéro de registre national de la personne qui rejoint le ménage.",
        "de": ("Geben Sie die Nationalregisternummer der Person an, die zum Haushalt hinzukommt."),
    }[lang]
    assert expected in text_of(html)
    assert_no_english(html, lang)


def test_audit_log_in_french_names_roles_records_and_purposes_in_french(compiled, client_for, jan):
    client_for("a", Role.SOCIAL_WORKER).get(reverse("person_detail", args=[jan.pk]))
    c = client_for("a", Role.SECURITY_ADVISER, language="fr")
    html = c.get(reverse("audit_log")).content.decode()
    texts = texts_of(html)
    for text in [
        "Journal d'audit",
        "assistant social",
        "consultation du dossier",
        f"personne {jan.pk}",
    ]:
        assert text in texts
    for code in ["social_worker", "person file", f"person {jan.pk}"]:
        assert code not in texts
    assert_no_english(html, "fr")


# --- (f) German: the ÖSHZ of the German-speaking Community -------------------------------


@pytest.mark.parametrize("header", ["de-BE", "de-BE,de;q=0.9,fr;q=0.5", "de-DE", "de"])
def test_a_german_browser_gets_german(compiled, header):
    html = Client(HTTP_ACCEPT_LANGUAGE=header).get("/login/").content.decode()
    assert '<html lang="de">' in html
    assert "Anmelden" in text_of(html)
    assert_no_english(html, "de")


def test_the_language_switch_offers_the_two_other_languages(compiled, client_for):
    c = client_for("a", Role.SOCIAL_WORKER, language="de")
    html = c.get(reverse("home")).content.decode()
    switch = html[html.index('id="language-switch"') :].split("</form>")[0]
    assert 'value="nl"' in switch and 'value="fr"' in switch
    assert 'value="de"' not in switch
    # Choosing German sets it for the next pages.
    c = client_for("a", Role.SOCIAL_WORKER)
    response = c.post("/i18n/setlang/", {"language": "de", "next": reverse("home")})
    assert response.status_code == 302
    assert '<html lang="de">' in c.get(reverse("home")).content.decode()


def test_a_user_who_prefers_german_reads_german_after_logging_in(compiled, users):
    user = users[("a", Role.SOCIAL_WORKER)]
    user.language = "de"
    user.save(update_fields=["language"])
    c = Client()
    response = c.post(reverse("login"), {"username": user.username, "password": "pw-for-tests"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    assert '<html lang="de">' in c.get(reverse("home")).content.decode()


def test_audit_log_in_german_names_roles_records_and_purposes_in_german(compiled, client_for, jan):
    client_for("a", Role.SOCIAL_WORKER).get(reverse("person_detail", args=[jan.pk]))
    c = client_for("a", Role.SECURITY_ADVISER, language="de")
    html = c.get(reverse("audit_log")).content.decode()
    texts = texts_of(html)
    for text in ["Audit-Protokoll", "Sozialarbeiter", "Einsichtnahme in die Akte"]:
        assert text in texts
    assert_no_english(html, "de")


def test_german_glossary_terms_are_used_consistently():
    """The terms of docs/glossary.md: ÖSHZ (never OCMW/CPAS), Eingliederungseinkommen (never
    leefloon), IPSE (never GPMI/PIIS), Nationalregisternummer (never Rijksregister)."""
    wrong = re.compile(r"\b(OCMW|CPAS|leefloon|GPMI|PIIS|rijksregister|Sonderausschuss)\b", re.I)
    found = [
        (e["msgid"], form)
        for e in raw_entries("de")
        if e["msgid"]
        for form in e["msgstr"]
        if wrong.search(PLACEHOLDER.sub("", form))
    ]
    assert not found, f"de: terms outside the glossary (docs/glossary.md): {found}"

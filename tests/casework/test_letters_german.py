"""Letters in German for the residents of an ÖSHZ of the German-speaking Community.

The person's language decides the language of the letter (law of 26 May 2002 on the right to
social integration, art. 18 (acknowledgement) and art. 21 §3 (notification); the appeal to the
labour court within 3 months: art. 47 §1). The German names of the acts follow the official
German translation (Gesetz vom 26. Mai 2002 über das Recht auf soziale Eingliederung,
https://www.mi-is.be/de/themen/recht-auf-soziale-eingliederung/recht-auf-soziale-eingliederung-gesetz-26-mai-2002).
"""

import subprocess
from datetime import date

from openocmw.accounts.models import Ocmw
from openocmw.casework import letters, services
from openocmw.registry.models import Person


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def german(person):
    Person.objects.filter(pk=person.pk).update(language="de")
    person.refresh_from_db()
    return person


def test_the_letter_language_follows_the_person():
    assert letters.letter_language(Person(language="de")) == "de"
    assert letters.letter_language(Person(language="fr")) == "fr"
    assert letters.letter_language(Person(language="nl")) == "nl"
    assert letters.letter_language(Person(language="")) == "nl"


def test_acknowledgement_in_german(actor_a, jan):
    german(jan)
    req = services.register_request(
        actor_a, jan, received_on=date(2024, 10, 1), kind="leefloon", channel="counter"
    )
    text = pdf_text(letters.acknowledgement(req)[0])  # (PDF, file name)
    assert "Empfangsbestätigung Ihres Antrags" in text
    assert "Wir haben Ihren Hilfeantrag am 01/10/2024 erhalten." in text
    assert "Gesetzes vom 26. Mai 2002 über das Recht auf soziale Eingliederung" in text
    assert text.startswith("OCMW Leuven")  # no German name: the OCMW's own (Dutch) name
    for foreign in ("Ontvangstbewijs", "aanvraag", "Accusé", "Sociale dienst"):
        assert foreign not in text


def test_decision_letter_in_german_with_the_explanation_and_the_appeal(
    actor_a, council_a, scheduled, jan
):
    german(jan)
    Ocmw.objects.filter(pk=actor_a.ocmw_id).update(name_de="ÖSHZ Löwen")
    decision = services.decide(council_a, scheduled, outcome="approved")
    services.notify(actor_a, decision, notified_on=date(2024, 10, 18))
    decision.refresh_from_db()
    assert decision.letter_language == "de"
    text = pdf_text(bytes(decision.letter_pdf))
    assert "ÖSHZ Löwen" in text
    assert "Beschluss über Ihren Antrag" in text
    assert "Monatsbetrag: 1.288,46 €" in text  # one Belgian amount format (formats.euro)
    # The leefloon explanation comes from the rules, in German, with the act in German.
    assert "Eingliederungseinkommen" in text
    assert "Gesetz vom 26. Mai 2002 über das Recht auf soziale Eingliederung" in text
    # The appeal: the labour court, within 3 months (art. 47 §1).
    assert "Arbeitsgericht" in text and "3 Monaten" in text
    for foreign in ("leefloon", "arbeidsrechtbank", "revenu d'intégration", "Wet van"):
        assert foreign not in text


def test_a_german_reader_of_an_ocmw_without_a_german_name_reads_its_own_language(ocmw_a, ocmw_b):
    assert ocmw_b.name("de") == "CPAS de Namur"  # languages "fr"
    assert ocmw_a.name("de") == "OCMW Leuven"  # languages "nl"
    ocmw_b.name_de = "ÖSHZ Namür"
    assert ocmw_b.name("de") == "ÖSHZ Namür"
    assert ocmw_a.name("nl") == "OCMW Leuven" and ocmw_a.name("fr") == "CPAS de Louvain"

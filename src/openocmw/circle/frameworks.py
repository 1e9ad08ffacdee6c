"""The two checklists of seed 003 (study "Lokaal proactief kader", Samenlevingsopbouw / HIVA-KU
Leuven, after Sannen et al., 2007 and Sannen, 2009), in the seed's order.

- The *rechtencirkel* (rights circle): nine phases of proactive work against under-protection
  (non-take-up of rights), each scored 0-10 per group: "preventie, opsporen, benaderen,
  toeleiding, toegang, onthaal, rechtendetectie, realiseren van rechten en nazorg" (seed 003,
  l. 1029-1037 and 4548-4552). A low score: the OCMW takes few initiatives in that phase; a
  high score: a (pro)active approach (l. 4174-4180).
- The "seven B's" (zeven B's) of accessible services: "betaalbaarheid, beschikbaarheid,
  bruikbaarheid, bekendheid, bereikbaarheid, betrouwbaarheid en begrijpbaarheid" (l. 4566-4620),
  a second checklist of the same kind.

Each item has a label for staff and a question in plain language for the anonymous partner
questionnaire (the target group answers it with a partner organisation).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SCORE_MIN, SCORE_MAX = 0, 10


@dataclass(frozen=True)
class Item:
    code: str
    label: Promise
    question: Promise  # plain language, for the target group


RIGHTS_CIRCLE = (
    Item("prevention", _("prevention"),
         _("Does the OCMW help people before problems grow, for example with information?")),
    Item("detection", _("detection"),
         _("Does the OCMW look for people who may need help but do not ask for it?")),
    Item("approach", _("approach"),
         _("Does the OCMW go to these people, in a way that suits them?")),
    Item("referral", _("referral"),
         _("Do other services and people send you to the OCMW when you need it?")),
    Item("access", _("access"),
         _("Is it easy to get into the OCMW: to find it, reach it and get an appointment?")),
    Item("reception", _("reception"),
         _("Are you welcomed well at the OCMW, and listened to?")),
    Item("rights_detection", _("rights detection"),
         _("Does the OCMW look at all the rights you may have, not only the one you ask for?")),
    Item("realising_rights", _("realising rights"),
         _("Does the OCMW help you until you really get what you are entitled to?")),
    Item("aftercare", _("aftercare"),
         _("Does the OCMW keep in touch afterwards, to check that things go well?")),
)  # fmt: skip

SEVEN_BS = (
    Item("affordability", _("affordability"),
         _("Can everyone pay for the help and the services?")),
    Item("availability", _("availability"),
         _("Is there enough time for you, without long waiting?")),
    Item("usability", _("usability"),
         _("Does the help fit together and really help you?")),
    Item("awareness", _("awareness"),
         _("Do people know what the OCMW offers?")),
    Item("reachability", _("reachability"),
         _("Can you reach the OCMW: by bus, on foot, by phone, at good hours?")),
    Item("reliability", _("reliability"),
         _("Can you trust the answers, without being sent from one desk to another?")),
    Item("understandability", _("understandability"),
         _("Is the information easy to understand, without difficult words?")),
)  # fmt: skip


class Framework(models.TextChoices):
    RIGHTS_CIRCLE = "rights_circle", _("rights circle (nine phases)")
    SEVEN_BS = "seven_bs", _("seven B's (quality check)")


ITEMS: dict[str, tuple[Item, ...]] = {
    Framework.RIGHTS_CIRCLE: RIGHTS_CIRCLE,
    Framework.SEVEN_BS: SEVEN_BS,
}


def items_of(framework: str) -> tuple[Item, ...]:
    return ITEMS[framework]


class GroupKind(models.TextChoices):
    """The seed asks the target group, the staff and the policy level (l. 4552-4556)."""

    TARGET_GROUP = "target_group", _("target group")
    STAFF = "staff", _("staff")
    POLICY = "policy", _("policy level")
    OTHER = "other", _("other group")


REQUIRED_GROUPS = (GroupKind.TARGET_GROUP, GroupKind.STAFF, GroupKind.POLICY)


# The four phases of the local proactive project, each with a deadline (seed 003, l. 2876-2904:
# "De timing van het project verloopt in vier fasen").
PROJECT_PHASES = (
    (1, _("preparation"),
     _("Start the local steering group, assess the local under-protection, choose the target "
       "groups and the services to involve.")),
    (2, _("analysis with the rights circle"),
     _("Ask the target group, the OCMW and the other services.")),
    (3, _("dialogue towards the action plan"),
     _("Prepare the dialogue; the steering group proposes an action plan; a common dialogue "
       "moment; an action plan everyone supports.")),
    (4, _("realising the improvement actions"),
     _("Carry out the improvement actions and report back to the target group.")),
)  # fmt: skip

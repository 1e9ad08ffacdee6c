"""Maintenance of the parameter files: the check of the tree and the recording of an indexation.

`check(roots)` reads every parameter file and reports, per file and value:
- errors (the check fails): a month of the supported range without a value (a temporal-coverage
  gap), a value that starts on another day than the first of a month, a missing or non-boolean
  `metadata.follows_index`, a value without its own source (reference with title and href), a
  file that cannot be read;
- notices: values that were computed rather than read in a source (`derived`), placeholders, and
  the date up to which the amounts are verified (`last_value_still_valid_on`).

`plan_index(root, ...)` prepares a new dated value for every parameter whose file says
`follows_index: true` (and none other). The new value block is appended to the file as text, in
the file's own layout, so comments, key order and quoting of the rest of the file are untouched.
When the last value says how it was computed (base x index coefficient), the new coefficient is
the old one x the factor, rounded to 4 decimals as the coefficients of the social benefits are,
and the new value is base x new coefficient rounded to the cent; otherwise the last value x the
factor, rounded to the cent. Nothing is written by this module until `write_changes`.

Pure Python and PyYAML: no Django (the rules package stays independent).
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).resolve().parent
PARAMETERS_DIR = RULES_DIR / "parameters"
REFORM_PARAMETERS_DIR = RULES_DIR / "reforms" / "parameters"
DEFAULT_ROOTS = (PARAMETERS_DIR, REFORM_PARAMETERS_DIR)

CENT = Decimal("0.01")
COEFFICIENT = Decimal("0.0001")
FACTOR_RANGE = (Decimal("0.5"), Decimal("1.5"))

_DATE_KEY = re.compile(
    r"^(?P<indent>\s+)(?P<quote>['\"]?)(?P<day>\d{4}-\d{2}-\d{2})(?P=quote):\s*$"
)
_VALID_ON_LINE = re.compile(
    r"^(?P<head>\s+last_value_still_valid_on:\s*)(?P<q>['\"]?)\d{4}-\d{2}-\d{2}(?P=q)\s*$"
)
_BASE_FORM = re.compile(
    r"^basisbedrag (?P<base>\d+\.\d{2}) (?P<stand>\([^)]*\)) x indexcoëfficiënt "
    r"(?P<coefficient>\d+\.\d{4}) \(sinds (?P<since>\d{4}-\d{2}-\d{2})\) = (?P<result>\d+\.\d{2}),"
    r" afgerond op de cent$"
)
_SHORT_FORM = re.compile(r"^(?P<base>\d+\.\d{2}) x (?P<coefficient>\d+\.\d{4})$")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _months(first: date, last: date):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _references(metadata: dict) -> list[dict]:
    reference = metadata.get("reference")
    if isinstance(reference, dict):
        return [reference]
    if isinstance(reference, list):
        return [item for item in reference if isinstance(item, dict)]
    return []


@dataclass
class Issue:
    """One finding of the check. `severity` is "error" (the check fails) or "notice"."""

    severity: str
    file: str
    code: str
    detail: dict = field(default_factory=dict)


@dataclass
class ParameterFile:
    path: Path
    name: str  # relative to its root's parent, e.g. parameters/leefloon/amount/category_1.yaml
    text: str
    data: dict

    @property
    def metadata(self) -> dict:
        return self.data.get("metadata") or {}

    @property
    def values(self) -> dict:
        values = self.data.get("values")
        return values if isinstance(values, dict) else {}

    def dated_values(self) -> list[tuple[date | None, str, dict]]:
        return [
            (_as_date(key), str(key), entry if isinstance(entry, dict) else {})
            for key, entry in self.values.items()
        ]


def load_files(roots) -> tuple[list[ParameterFile], list[Issue]]:
    files, issues = [], []
    for root in roots:
        root = Path(root)
        for path in sorted(root.rglob("*.yaml")):
            name = path.relative_to(root.parent).as_posix()
            text = path.read_text(encoding="utf-8")
            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError as error:
                issues.append(Issue("error", name, "unreadable", {"detail": str(error)}))
                continue
            if not isinstance(data, dict):
                issues.append(Issue("error", name, "unreadable", {"detail": "not a mapping"}))
                continue
            files.append(ParameterFile(path, name, text, data))
    return files, issues


def verified_until(files: list[ParameterFile]) -> tuple[date | None, list[str]]:
    """The end of the month of the earliest `last_value_still_valid_on`, and the files that set it.

    The same rule as `openocmw.rules.situation.VERIFIED_UNTIL` (values change only on the first
    of a month, so a value verified on one day holds for its whole month).
    """
    from openocmw.rules.situation import end_of_month

    dates = {}
    for item in files:
        day = _as_date(item.metadata.get("last_value_still_valid_on"))
        if day is not None:
            dates[item.name] = day
    if not dates:
        return None, []
    earliest = min(dates.values())
    limiting = sorted(name for name, day in dates.items() if day == earliest)
    return end_of_month(earliest), limiting


def _coverage(item: ParameterFile, first: date, last: date) -> list[Issue]:
    issues = []
    dated = item.dated_values()
    if not dated:
        if "brackets" not in item.data:
            issues.append(Issue("error", item.name, "no_values"))
        return issues
    starts = []
    for day, key, entry in dated:
        if day is None:
            issues.append(Issue("error", item.name, "bad_date", {"date": key}))
            continue
        if day.day != 1:
            issues.append(Issue("error", item.name, "not_first_of_month", {"date": key}))
        starts.append((day, entry.get("value")))
    starts.sort(key=lambda pair: pair[0])
    gap_start = None
    for month in _months(first, last):
        applicable = [value for day, value in starts if day <= month]
        missing = not applicable or applicable[-1] is None
        if missing and gap_start is None:
            gap_start = month
        if not missing and gap_start is not None:
            issues.append(_gap(item, gap_start, month))
            gap_start = None
    if gap_start is not None:
        issues.append(_gap(item, gap_start, None, last))
    return issues


def _gap(item, start: date, next_covered: date | None, last: date | None = None) -> Issue:
    end = date.fromordinal(next_covered.toordinal() - 1) if next_covered is not None else last
    return Issue("error", item.name, "gap", {"from": start.isoformat(), "to": end.isoformat()})


def check(roots=DEFAULT_ROOTS, supported_range: tuple[date, date] | None = None) -> dict:
    """Check the parameter tree; see the module docstring. Returns issues and a summary."""
    if supported_range is None:
        from openocmw.rules.situation import SUPPORTED_RANGE

        supported_range = SUPPORTED_RANGE
    first, last = supported_range
    files, issues = load_files(roots)
    for item in files:
        follows = item.metadata.get("follows_index")
        if "follows_index" not in item.metadata:
            issues.append(Issue("error", item.name, "follows_index_missing"))
        elif not isinstance(follows, bool):
            issues.append(Issue("error", item.name, "follows_index_not_boolean"))
        issues.extend(_coverage(item, first, last))
        for _day, key, entry in item.dated_values():
            metadata = entry.get("metadata") or {}
            if not any(ref.get("title") and ref.get("href") for ref in _references(metadata)):
                issues.append(Issue("error", item.name, "no_source", {"date": key}))
            if metadata.get("placeholder"):
                issues.append(Issue("notice", item.name, "placeholder", {"date": key}))
            elif metadata.get("derived"):
                issues.append(Issue("notice", item.name, "derived", {"date": key}))
    until, limiting = verified_until(files)
    return {
        "files": len(files),
        "values": sum(len(item.values) for item in files),
        "range": (first, last),
        "verified_until": until,
        "verified_until_files": limiting,
        "issues": issues,
        "errors": [issue for issue in issues if issue.severity == "error"],
    }


# --- indexation ---------------------------------------------------------------------------


class MaintenanceError(ValueError):
    """A bad option of `rules index`: `option` names it, `code` selects the message."""

    def __init__(self, option: str, code: str, **detail) -> None:
        super().__init__(f"{option}: {code}")
        self.option, self.code, self.detail = option, code, detail


@dataclass
class Change:
    file: ParameterFile
    previous_date: str
    previous_value: float
    new_value: float
    computation: str
    new_text: str

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.file.text.splitlines(keepends=True),
                self.new_text.splitlines(keepends=True),
                fromfile=f"a/{self.file.name}",
                tofile=f"b/{self.file.name}",
            )
        )


def parse_factor(text: str | None) -> Decimal:
    if text is None or not str(text).strip():
        raise MaintenanceError("--factor", "required")
    try:
        factor = Decimal(str(text).strip())
    except ArithmeticError:
        raise MaintenanceError("--factor", "not_a_number", value=text) from None
    if not factor.is_finite():
        raise MaintenanceError("--factor", "not_a_number", value=text)
    low, high = FACTOR_RANGE
    if not low <= factor <= high:
        raise MaintenanceError("--factor", "out_of_range", value=text, low=str(low), high=str(high))
    return factor


def parse_day(option: str, text: str | None, *, first_of_month: bool = False) -> date:
    if text is None or not str(text).strip():
        raise MaintenanceError(option, "required")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(text).strip()):
        raise MaintenanceError(option, "date_format", value=text)
    try:
        day = date.fromisoformat(str(text).strip())
    except ValueError:
        raise MaintenanceError(option, "date_format", value=text) from None
    if first_of_month and day.day != 1:
        raise MaintenanceError(option, "not_first_of_month", value=text)
    return day


def parse_source(text: str | None) -> str:
    if text is None or not str(text).strip():
        raise MaintenanceError("--source", "required")
    url = str(text).strip()
    if not re.fullmatch(r"https?://[^\s/]+\.[^\s]+", url):
        raise MaintenanceError("--source", "not_a_url", value=text)
    return url


def _scalar(value) -> str:
    """A YAML scalar on one line, quoted only where YAML needs it."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_flow_style=True)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _layout(text: str) -> dict:
    """The indentation and quoting used by the last value block of a file."""
    lines = text.splitlines()
    keys = [(i, _DATE_KEY.match(line)) for i, line in enumerate(lines)]
    keys = [(i, m) for i, m in keys if m]
    if not keys:
        raise ValueError("no dated value block found")
    index, match = keys[-1]
    key_indent = match.group("indent")
    block = lines[index + 1 :]
    inner = next((len(line) - len(line.lstrip()) for line in block if line.strip()), None)
    if inner is None or inner <= len(key_indent):
        raise ValueError("the last value block is empty")
    step = " " * (inner - len(key_indent))
    list_indent = step  # "- title" one step under "reference:" (reforms style) ...
    for number, line in enumerate(block):
        if line.strip() == "reference:" and number + 1 < len(block):
            following = block[number + 1]
            if following.lstrip().startswith("- "):
                depth = len(following) - len(following.lstrip())
                list_indent = " " * (depth - (len(line) - len(line.lstrip())))
            break
    return {"key": key_indent, "step": step, "list": list_indent, "quote": match.group("quote")}


def _parse_computation(text) -> dict | None:
    if not isinstance(text, str):
        return None
    match = _BASE_FORM.match(text)
    if match:
        return {"form": "base", **match.groupdict()}
    match = _SHORT_FORM.match(text)
    if match:
        return {"form": "short", **match.groupdict()}
    return None


def _new_amount(previous: dict, factor: Decimal, on: date) -> tuple[Decimal, str]:
    value = Decimal(str(previous.get("value")))
    parsed = _parse_computation((previous.get("metadata") or {}).get("computation"))
    if parsed is not None:
        base = Decimal(parsed["base"])
        if cents(base * Decimal(parsed["coefficient"])) != cents(value):
            parsed = None  # the stated computation does not give the value: do not build on it
    if parsed is None:
        new = cents(value * factor)
        return new, f"vorige waarde {value} x factor {factor} = {new}, afgerond op de cent"
    coefficient = (Decimal(parsed["coefficient"]) * factor).quantize(COEFFICIENT, ROUND_HALF_UP)
    new = cents(base * coefficient)
    if parsed["form"] == "short":
        return new, f"{base} x {coefficient}"
    return new, (
        f"basisbedrag {base} {parsed['stand']} x indexcoëfficiënt {coefficient} "
        f"(sinds {on.isoformat()}) = {new}, afgerond op de cent"
    )


def _block(layout: dict, on: date, value: Decimal, metadata: list[tuple[str, object]]) -> str:
    key, step, items = layout["key"], layout["step"], layout["list"]
    quote = layout["quote"]
    inner = key + step
    meta = inner + step
    lines = [f"{key}{quote}{on.isoformat()}{quote}:", f"{inner}value: {float(value)!r}"]
    lines.append(f"{inner}metadata:")
    for name, content in metadata:
        if name == "reference":
            lines.append(f"{meta}reference:")
            for reference in content:
                lines.append(f"{meta}{items}- title: {_scalar(reference['title'])}")
                lines.append(f"{meta}{items}  href: {_scalar(reference['href'])}")
        else:
            lines.append(f"{meta}{name}: {_scalar(content)}")
    return "\n".join(lines) + "\n"


def _default_title(on: date, factor: Decimal) -> str:
    percent = ((factor - 1) * 100).normalize()
    return (
        f"Index: indexering van de sociale uitkeringen met {percent:+}% (factor {factor}) vanaf "
        f"{on.isoformat()} (wet van 2 augustus 1971); ingevoerd met 'openocmw rules index'"
    )


def plan_index(
    root: Path,
    *,
    on: date,
    factor: Decimal,
    source: str,
    published: date,
    title: str | None = None,
    verified: bool = True,
    note: str | None = None,
) -> list[Change]:
    """The changes an indexation makes to the tree under `root` (nothing is written here)."""
    files, issues = load_files([root])
    if issues:
        raise MaintenanceError("--parameters", "unreadable", detail=issues[0].file)
    following = [item for item in files if item.metadata.get("follows_index") is True]
    if not following:
        raise MaintenanceError("--parameters", "nothing_follows_index")
    later = []
    for item in following:
        last = max(day for day, _key, _entry in item.dated_values() if day is not None)
        if on <= last:
            later.append((item.name, last.isoformat()))
    if later:
        latest = max(day for _name, day in later)
        raise MaintenanceError("--date", "not_after_last_value", last=latest, file=later[0][0])
    title = " ".join(title.split()) if title else None  # one line: no line breaks in the YAML
    note = " ".join(note.split()) if note else None
    reference = {"title": title or _default_title(on, factor), "href": source}
    changes = []
    for item in following:
        dated = sorted(
            ((day, key, entry) for day, key, entry in item.dated_values() if day is not None),
            key=lambda triple: triple[0],
        )
        _day, last_key, previous = dated[-1]
        new_value, computation = _new_amount(previous, factor, on)
        metadata: list[tuple[str, object]] = [
            ("reference", [reference]),
            ("publication_date", published.isoformat()),
            ("computation", computation),
        ]
        if note:
            metadata.append(("note", note))
        if not verified:
            metadata.append(
                (
                    "derived",
                    "Berekend met 'openocmw rules index' uit de vorige waarde en de factor "
                    f"{factor} van de bron; het bedrag zelf is niet in een bron gezien.",
                )
            )
        text = item.text if item.text.endswith("\n") else item.text + "\n"
        if _top_level_after_values(text):
            raise MaintenanceError("--parameters", "values_not_last", file=item.name)
        try:
            layout = _layout(text)
        except ValueError:
            raise MaintenanceError("--parameters", "unreadable", detail=item.name) from None
        text += _block(layout, on, new_value, metadata)
        if verified:
            text = _bump_valid_on(text, on)
        changes.append(
            Change(item, last_key, previous.get("value"), float(new_value), computation, text)
        )
    for change in changes:  # the new text must read back with the new value in it
        try:
            written = yaml.safe_load(change.new_text).get("values") or {}
        except (yaml.YAMLError, AttributeError):
            written = {}
        if not any(str(key) == on.isoformat() for key in written):
            raise MaintenanceError("--parameters", "unreadable", detail=change.file.name)
    return changes


def _top_level_after_values(text: str) -> bool:
    seen_values = False
    for line in text.splitlines():
        if re.match(r"^values:\s*$", line):
            seen_values = True
        elif seen_values and re.match(r"^[A-Za-z_]", line):
            return True
    return False


def _bump_valid_on(text: str, on: date) -> str:
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        match = _VALID_ON_LINE.match(line.rstrip("\n"))
        if match:
            current = re.search(r"\d{4}-\d{2}-\d{2}", line).group(0)
            if current < on.isoformat():
                quote = match.group("q")
                lines[index] = f"{match.group('head')}{quote}{on.isoformat()}{quote}\n"
            break
    return "".join(lines)


def write_changes(changes: list[Change]) -> None:
    """Write every changed file (each atomically); on a failure, restore those already written."""
    written = []
    try:
        for change in changes:
            _atomic_write(change.file.path, change.new_text)
            written.append(change)
    except OSError:
        for change in written:
            _atomic_write(change.file.path, change.file.text)
        raise


def _atomic_write(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise

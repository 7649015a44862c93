"""The field type system shared by every record kind and by ``officectl.yaml``'s ``fields:``.

A :class:`Field` says what one key holds; a :class:`Kind` lists a record kind's
fields and ID pattern. :func:`convert` checks raw data (see :mod:`officectl.yaml.reading`)
against fields and returns *typed data*: the same mapping with ``Decimal``, ``int``,
``date`` and ``bool`` values, invalid values left out after reporting them. The same
declarations drive JSON Schema, ``fmt``'s key order and ``new``'s skeletons.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache, partial
from typing import TYPE_CHECKING, Any, Literal

from officectl import patterns
from officectl.codes import COUNTRIES, CURRENCIES
from officectl.problems import FieldPath, Problem

if TYPE_CHECKING:
    from officectl.rules import RecordRule

FieldType = Literal[
    "str",
    "int",
    "decimal",
    "bool",
    "date",
    "email",
    "ref",
    "list",
    "map",
    "any",
    "country",
    "currency",
]
MAX_DECIMAL = Decimal("1e15")
_INT = re.compile(r"[-+]?[0-9]+")
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
"""Digits with an optional point: an amount as people write it. Not ``1e3``, which
Decimal reads but prints back as ``1E+3`` in every export and view."""
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


class _Invalid:
    """Marks a value that was reported and left out."""


INVALID: Any = _Invalid()


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    required: bool = False
    description: str = ""
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    ref: str | None = None
    """The kind a ``ref`` field points to."""
    items: Field | None = None
    fields: tuple[Field, ...] = ()
    """The fields of a ``map``; none means any mapping (``meta``)."""
    min: Decimal | None = None
    max: Decimal | None = None
    sensitive: bool = False
    shorthand: str | None = None
    """For a ``map``: the field a plain text value stands for (``vat_exemption:
    VATEX-EU-O`` is ``vat_exemption: {code: VATEX-EU-O}``)."""
    default: Any = None
    """The value an absent field stands for (typed, as :func:`convert` makes it); list,
    show and templates read it like a stored value, ``new`` writes it."""

    def child(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @cached_property
    def plain(self) -> bool:
        """No constraint beyond the type (:func:`convert` checks nothing else): asked
        of every value of every record, so answered once."""
        return (
            not self.required
            and self.enum is None
            and self.pattern is None
            and self.min is None
            and self.max is None
        )

    @cached_property
    def by_name(self) -> dict[str, Field]:
        """The fields of a ``map`` by name."""
        return {f.name: f for f in self.fields}

    @cached_property
    def quick(self) -> Callable[[Any], Any] | None:
        """The typed value of a scalar at once, or :data:`SLOW` (then :func:`convert`
        decides, and reports): for the values of the right type that pass every check,
        which are nearly all, one call instead of three and no field path built. None
        for a type or constraint only :func:`convert` handles."""
        return _quick(self)


@dataclass(frozen=True)
class Numbering:
    """How ``new`` numbers a kind's records: ``prefix`` + zero-padded counter
    (``CUS-0014``), with the year after the prefix when ``yearly`` (``CON-2026-004``)."""

    prefix: str
    width: int
    yearly: bool = False
    suffix: str = ""

    def pattern(self, year: int | None) -> re.Pattern[str]:
        middle = f"{year:04d}-" if self.yearly and year is not None else ""
        return re.compile(re.escape(self.prefix + middle) + r"([0-9]+)" + re.escape(self.suffix))

    def format(self, number: int, year: int | None) -> str:
        middle = f"{year:04d}-" if self.yearly and year is not None else ""
        return f"{self.prefix}{middle}{number:0{self.width}d}{self.suffix}"


_DIGITS = r"(?:\\d|\[0-9\])"
_COUNTER = re.compile(_DIGITS + r"(?:\{([0-9]+),?\}|(\+))")
_YEAR = re.compile(_DIGITS + r"\{4\}-")
_LITERAL = re.compile(r"(?:[A-Za-z0-9_]|-|\\[-_])*")
"""Letters, digits, ``-`` and ``_``: what a prefix may hold, since ``new`` makes a file
name of it (never a ``/`` or ``..``)."""


def numbering_of(id_pattern: str) -> Numbering | None:
    """The numbering an ID pattern allows: a fixed prefix, optionally a year
    (``[0-9]{4}-``), a counter of digits (``\\d{4,}``: four wide) and a fixed suffix.
    None when the pattern is anything else (``new`` cannot number such a kind)."""
    prefix = _LITERAL.match(id_pattern)
    assert prefix is not None  # matches the empty string at least
    rest = id_pattern[prefix.end() :]
    year = _YEAR.match(rest)
    if year:
        rest = rest[year.end() :]
    counter = _COUNTER.match(rest)
    if counter is None:
        return None
    suffix = _LITERAL.fullmatch(rest[counter.end() :])
    if suffix is None:
        return None
    width = int(counter.group(1)) if counter.group(1) else 1
    return Numbering(
        _unescape(prefix.group()), width, yearly=year is not None, suffix=_unescape(suffix.group())
    )


def _unescape(literal: str) -> str:
    return re.sub(r"\\(.)", r"\1", literal)


@dataclass(frozen=True)
class Computed:
    """A value of a record that is not (or need not be) stored: a default that
    stands for an absent field (``derived=False``) or a derived value (an invoice's
    ``total``). ``value`` takes the record and the repository; a module-level
    function, so that a kind (and the configuration holding it) can be pickled."""

    type: str
    """How values compare: ``decimal``, ``int``, ``date`` or ``str``."""
    value: Callable[[Any, Any], Any]
    description: str
    derived: bool = True
    """True: never stored; False: the default of an absent stored field."""


@dataclass(frozen=True)
class Kind:
    """A record kind, everything about it in one place: its folder name and
    singular, its ID pattern (and the numbering ``new`` derives from it), its fields,
    computed values, record rules, default ``list`` columns and document builder.
    Built-in kinds are made in ``officectl.model.<kind>``; a company defines others in
    ``officectl.yaml`` (:mod:`officectl.kinds`)."""

    name: str
    singular: str
    id_pattern: str
    id_example: str
    fields: tuple[Field, ...]
    description: str = ""
    columns: tuple[str, ...] = ("id",)
    """What ``list`` shows unless ``--columns`` says otherwise."""
    computed: tuple[tuple[str, Computed], ...] = ()
    new_defaults: tuple[tuple[str, str], ...] = ()
    """Field values a record made by ``new`` starts with (a deal is a ``lead``)."""
    new_today: tuple[str, ...] = ()
    """Date fields a record made by ``new`` starts with set to today (a deal's
    ``opened_on``)."""
    numbering: Numbering | None = None
    """How ``new`` numbers records; derived from ``id_pattern`` unless given."""
    derived: tuple[Callable[[Any], object], ...] = ()
    """The :attr:`Record.derived` values the per-file stage computes, so that the
    repository rules of a warm run take them from the cache."""
    document: str | None = None
    """``module:function`` that builds the context of the kind's built-in template;
    None: any template of the company's own, with the generic context."""
    rules: tuple[RecordRule, ...] = ()
    """The record rules that check one record of the kind on its own
    (:mod:`officectl.rules`); ``validate`` runs them on each of its files after the
    rules of every kind (:func:`officectl.checks.record_checks`)."""
    unique: tuple[str, ...] = ()
    """Fields whose values must differ between the kind's records."""
    export: bool = False
    """A sheet of its own in ``export finance`` (defined kinds)."""
    defined: bool = False
    """Defined in ``officectl.yaml``, not built in."""
    by_name: dict[str, Field] = field(init=False, compare=False, repr=False)
    id_regex: re.Pattern[str] = field(init=False, compare=False, repr=False)
    computed_by_name: dict[str, Computed] = field(init=False, compare=False, repr=False)
    _hash: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})
        object.__setattr__(self, "id_regex", re.compile(self.id_pattern))
        object.__setattr__(self, "computed_by_name", dict(self.computed))
        if self.numbering is None:
            object.__setattr__(self, "numbering", numbering_of(self.id_pattern))
        object.__setattr__(self, "_hash", hash(self._init_values()))

    def _init_values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self) if f.init)

    def __hash__(self) -> int:
        """Computed once: kinds key per-kind caches, and hashing every field on each
        lookup cost more than the lookup saved."""
        return self._hash

    def __reduce__(self) -> tuple[type[Kind], tuple[Any, ...]]:
        """Rebuilt, not restored: a string's hash differs from process to process, so the
        hash (and the regex) are made again in the process that unpickles."""
        return (Kind, self._init_values())

    def with_fields(self, extra: Iterable[Field]) -> Kind:
        return dataclasses.replace(self, fields=self.fields + tuple(extra))


class Collector:
    """Gathers one file's problems; every check of a record writes through one."""

    def __init__(self, path: str, record: str | None) -> None:
        self.path = path
        self.record = record
        self.problems: list[Problem] = []

    def error(
        self, code: str, message: str, where: FieldPath = (), *, on_key: bool = False
    ) -> None:
        self.problems.append(
            Problem(self.path, 0, 0, "error", code, message, self.record, where, on_key)
        )

    def reported(self, where: FieldPath) -> bool:
        """Whether a problem is already reported at ``where`` (a present but invalid value
        is left out of typed data; a rule must not call it missing too)."""
        return any(p.field == where for p in self.problems)

    def warning(self, code: str, message: str, where: FieldPath = ()) -> None:
        self.problems.append(Problem(self.path, 0, 0, "warning", code, message, self.record, where))


def convert_mapping(
    fields: Iterable[Field],
    raw: dict[str, Any],
    where: FieldPath,
    out: Collector,
    *,
    by_name: dict[str, Field] | None = None,
) -> dict[str, Any]:
    """Check a mapping against its fields; unknown keys get a "did you mean" hint."""
    known = by_name if by_name is not None else {f.name: f for f in fields}
    data: dict[str, Any] = {}
    for key, value in raw.items():
        spec = known.get(key)
        if spec is None:
            out.error(
                "unknown-field",
                f"unknown field '{key}'{_did_you_mean(key, known)}",
                (*where, key),
                on_key=True,
            )
            continue
        if value is None:
            continue
        quick = spec.quick
        if quick is not None:
            converted = quick(value)
            if converted is not SLOW:
                data[spec.name] = converted  # the same text as key, one object for all
                continue
        converted = convert(spec, value, (*where, key), out)
        if converted is not INVALID:
            data[spec.name] = converted
    if by_name is not None:
        required, names = _required(by_name)
        if names <= data.keys():  # each there and typed: none missing (nearly always)
            return data
    else:
        required = tuple(spec for spec in known.values() if spec.required)
    for spec in required:
        # A present but invalid value was reported already: don't call it missing too.
        if raw.get(spec.name) is None:
            out.error("missing-field", f"missing required field '{spec.name}'", where)
    return data


_REQUIRED: dict[int, tuple[dict[str, Field], tuple[Field, ...], frozenset[str]]] = {}
"""The required fields of each ``by_name`` mapping (a kind's, a map field's) and their
names, kept with it so that its id stays its own: asked of every mapping of every
record."""


def _required(known: dict[str, Field]) -> tuple[tuple[Field, ...], frozenset[str]]:
    entry = _REQUIRED.get(id(known))
    if entry is not None and entry[0] is known:
        return entry[1], entry[2]
    required = tuple(spec for spec in known.values() if spec.required)
    names = frozenset(spec.name for spec in required)
    _REQUIRED[id(known)] = (known, required, names)
    return required, names


def _bounds(spec: Field) -> str:
    """The bounds a value broke, in words: only the sides the field declares."""
    if spec.min is not None and spec.max is not None:
        return f"between {spec.min} and {spec.max}"
    return f"at least {spec.min}" if spec.min is not None else f"at most {spec.max}"


def _did_you_mean(
    key: str, known: Iterable[str], otherwise: str = "; put free-form data under 'meta:'"
) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.7)
    return f"; did you mean '{close[0]}'?" if close else otherwise


def convert(spec: Field, value: Any, where: FieldPath, out: Collector) -> Any:
    """Check and type one value; report and return :data:`INVALID` when it is wrong."""
    result = _CONVERTERS[spec.type](spec, value, where, out)
    if result is INVALID or spec.plain:
        return result
    if spec.required and isinstance(result, str) and not result.strip():
        out.error("missing-field", f"{spec.name} is empty; a required field needs a value", where)
        return INVALID
    if spec.enum is not None:
        # Enums are text (also for repo-defined int, decimal and bool fields): compare as text.
        text = str(result).lower() if isinstance(result, bool) else str(result)
        if text not in spec.enum:
            out.error(
                "invalid-value",
                f"{spec.name} must be one of {', '.join(spec.enum)}; "
                f"got '{text}'{_did_you_mean(text, spec.enum, '')}",
                where,
            )
            return INVALID
        if isinstance(result, str):
            result = sys.intern(result)
    if spec.pattern is not None and not patterns.full_match(spec.pattern, str(result)):
        out.error(
            "pattern-mismatch", f"{spec.name} '{result}' does not match {spec.pattern}", where
        )
        return INVALID
    if (spec.min is not None and result < spec.min) or (spec.max is not None and result > spec.max):
        out.error("out-of-range", f"{spec.name} must be {_bounds(spec)}; got {result}", where)
        return INVALID
    return result


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    return "a list" if isinstance(value, list) else repr(value)


def _wrong_type(spec: Field, value: Any, expected: str, where: FieldPath, out: Collector) -> Any:
    hint = "; quote it" if isinstance(value, bool) and expected == "text" else ""
    out.error(
        "invalid-type", f"{spec.name} must be {expected}, not {_type_name(value)}{hint}", where
    )
    return INVALID


def _to_str(spec: Field, value: Any, where: FieldPath, out: Collector) -> Any:
    if isinstance(value, str):
        return value
    return _wrong_type(spec, value, "text", where, out)


def _to_int(spec: Field, value: Any, where: FieldPath, out: Collector) -> Any:
    if isinstance(value, str) and _INT.fullmatch(value):
        if len(value) > 18:  # also keeps int() clear of Python's 4,300-digit limit
            out.error("out-of-range", f"{spec.name} {value[:20]}… is not a usable number", where)
            return INVALID
        return int(value)
    return _wrong_type(spec, value, "a whole number", where, out)


def _to_decimal(spec: Field, value: Any, where: FieldPath, out: Collector) -> Any:
    if isinstance(value, str):
        number = _amount(value)
        if number is not _NOT_A_NUMBER:
            if number is not _OUT_OF_RANGE:
                return number
            out.error("out-of-range", f"{spec.name} {value} is not a usable amount", where)
            return INVALID
    return _wrong_type(spec, value, "a decimal number written with digits (1000.00)", where, out)


_NOT_A_NUMBER: Any = _Invalid()
_OUT_OF_RANGE: Any = _Invalid()


@lru_cache(maxsize=8192)
def _amount(text: str) -> Any:
    """The Decimal a text stands for, :data:`_NOT_A_NUMBER` or :data:`_OUT_OF_RANGE`:
    decided once per recurring text (amounts, rates and quantities repeat across
    records, and the checks cost more than the number)."""
    # Python's Decimal also reads '1_000', 'NaN', 'Infinity' and non-ASCII digits ('١٢'):
    # none is a number a record should hold.
    if not _DECIMAL.fullmatch(text.strip()):
        return _NOT_A_NUMBER
    try:
        number = _decimal(text.strip())
    except InvalidOperation:
        return _NOT_A_NUMBER
    if (
        number.is_finite() and abs(number) < MAX_DECIMAL and number.as_tuple().exponent >= -12  # type: ignore[operator]
    ):
        return number
    return _OUT_OF_RANGE


def _to_bool(spec: Field, value: Any, where: FieldPath, out: Collector) -> Any:
    if isinstance(value, bool):
        return value
    return _wrong_type(spec, value, "true or false", where, out)


def _to_date(spec: Field, value: Any, where: FieldPath, out: Collector) -> Any:
    if isinstance(value, str):
        day = _day(value)
        if day is not _NOT_A_NUMBER:
            if day is not _OUT_OF_RANGE:
                return day
            out.error("invalid-date", f"{spec.name} {value} is not a real date", where)
            return INVALID
    return _wrong_type(spec, value, "a date (YYYY-MM-DD)", where, out)


@lru_cache(maxsize=8192)
def _day(text: str) -> Any:
    """The date a text stands for, :data:`_NOT_A_NUMBER` (not written YYYY-MM-DD) or
    :data:`_OUT_OF_RANGE` (no such day), decided once per recurring text."""
    if not _DATE.fullmatch(text):
        return _NOT_A_NUMBER
    try:
        return _date(text)
    except ValueError:
        return _OUT_OF_RANGE


def _to_email(spec: Field, value: Any, where: FieldPath, out: Collector) -> Any:
    if isinstance(value, str):
        if _EMAIL.fullmatch(value):
            return value
        out.error("invalid-email", f"{spec.name} '{value}' is not an e-mail address", where)
        return INVALID
    return _wrong_type(spec, value, "an e-mail address", where, out)


def _to_ref(spec: Field, value: Any, where: FieldPath, out: Collector) -> Any:
    if isinstance(value, str):
        return sys.intern(value)  # IDs recur across records: share one string
    return _wrong_type(spec, value, "text", where, out)


def _to_country(spec: Field, value: Any, where: FieldPath, out: Collector) -> Any:
    if isinstance(value, str):
        if value in COUNTRIES:
            return sys.intern(value)
        out.error(
            "invalid-country",
            f"{spec.name} '{value}' is not an ISO 3166-1 alpha-2 country code (e.g. CZ, FI, DE)",
            where,
        )
        return INVALID
    return _wrong_type(spec, value, "a country code", where, out)


def _to_currency(spec: Field, value: Any, where: FieldPath, out: Collector) -> Any:
    if isinstance(value, str):
        if value in CURRENCIES:
            return sys.intern(value)
        out.error(
            "invalid-currency",
            f"{spec.name} '{value}' is not an ISO 4217 currency code (e.g. CZK, EUR)",
            where,
        )
        return INVALID
    return _wrong_type(spec, value, "a currency code", where, out)


def _to_list(spec: Field, value: Any, where: FieldPath, out: Collector) -> Any:
    if not isinstance(value, list):
        return _wrong_type(spec, value, "a list", where, out)
    if spec.items is None:
        return value
    items = []
    each = spec.items
    mappings = each.type == "map" and each.fields and each.shorthand is None and each.plain
    for index, item in enumerate(value):
        if mappings and type(item) is dict:  # what convert does for it, two calls fewer
            items.append(
                convert_mapping(each.fields, item, (*where, index), out, by_name=each.by_name)
            )
            continue
        converted = (
            INVALID
            if item is None and _null_item(spec, (*where, index), out)
            else convert(each, item, (*where, index), out)
        )
        if converted is not INVALID:
            items.append(converted)
    return items


def _null_item(spec: Field, where: FieldPath, out: Collector) -> bool:
    out.error("invalid-type", f"{spec.name} has an empty item", where)
    return True


def _to_map(spec: Field, value: Any, where: FieldPath, out: Collector) -> Any:
    if spec.shorthand is not None and isinstance(value, str):
        value = {spec.shorthand: value}
    if not isinstance(value, dict):
        return _wrong_type(spec, value, "a mapping", where, out)
    if not spec.fields:
        return value
    return convert_mapping(spec.fields, value, where, out, by_name=spec.by_name)


def _to_any(spec: Field, value: Any, where: FieldPath, out: Collector) -> Any:
    return value


SLOW: Any = _Invalid()
"""What a :attr:`Field.quick` converter answers when :func:`convert` must decide."""


def _quick(spec: Field) -> Callable[[Any], Any] | None:
    """:attr:`Field.quick` (module-level functions and partials: a kind is pickled)."""
    if spec.pattern is not None or (spec.enum is not None and spec.type != "str"):
        return None
    if spec.type == "any":
        return _quick_any if spec.plain else None
    if spec.type == "map" and not spec.fields and spec.shorthand is None:
        return _quick_dict if spec.min is None and spec.max is None else None
    if spec.type in ("str", "ref"):
        if spec.min is not None or spec.max is not None:
            return None
        enum = frozenset(spec.enum) if spec.enum is not None else None
        return partial(_quick_text, spec.type == "ref" or enum is not None, spec.required, enum)
    if spec.type in ("decimal", "int") and not spec.enum:
        return partial(_quick_number, spec.type == "int", spec.min, spec.max)
    if spec.min is not None or spec.max is not None:
        return None
    if spec.type == "date":
        return _quick_date
    if spec.type == "bool":
        return _quick_bool
    if spec.type in ("country", "currency"):
        return partial(_quick_code, COUNTRIES if spec.type == "country" else CURRENCIES)
    return None


def _quick_text(intern: bool, required: bool, enum: frozenset[str] | None, value: Any) -> Any:
    if type(value) is not str or (required and not value.strip()):
        return SLOW
    if enum is not None and value not in enum:
        return SLOW
    return sys.intern(value) if intern else value


def _quick_number(integer: bool, low: Decimal | None, high: Decimal | None, value: Any) -> Any:
    if type(value) is not str:
        return SLOW
    if integer:
        if len(value) > 18 or not _INT.fullmatch(value):
            return SLOW
        number: Any = int(value)
    else:
        number = _amount(value)
        if type(number) is not Decimal:
            return SLOW
    if (low is not None and number < low) or (high is not None and number > high):
        return SLOW
    return number


def _quick_date(value: Any) -> Any:
    day = _day(value) if type(value) is str else SLOW
    return day if type(day) is date else SLOW


def _quick_dict(value: Any) -> Any:
    return value if type(value) is dict else SLOW


def _quick_any(value: Any) -> Any:
    return value


def _quick_bool(value: Any) -> Any:
    return value if type(value) is bool else SLOW


def _quick_code(codes: Any, value: Any) -> Any:
    return sys.intern(value) if type(value) is str and value in codes else SLOW


@lru_cache(maxsize=8192)
def _decimal(text: str) -> Decimal:
    """``Decimal(text)``, one shared (immutable) object per recurring text: amounts, rates
    and quantities repeat across records, and shared objects cost less memory and cache."""
    return Decimal(text)


@lru_cache(maxsize=8192)
def _date(text: str) -> date:
    return date.fromisoformat(text)


_CONVERTERS: dict[str, Callable[[Field, Any, FieldPath, Collector], Any]] = {
    "str": _to_str,
    "ref": _to_ref,
    "int": _to_int,
    "decimal": _to_decimal,
    "bool": _to_bool,
    "date": _to_date,
    "email": _to_email,
    "country": _to_country,
    "currency": _to_currency,
    "list": _to_list,
    "map": _to_map,
    "any": _to_any,
}

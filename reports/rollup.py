"""A ward's figures across the 2025 reorganisation: the years before it existed read from the
wards that went into it, whole predecessors summed, split ones by their share (an estimate),
and a split of unknown share or a unit outside the product named as missing, never guessed.

Only approved figures count, as everywhere else; each year's total says whether it is complete,
estimated or partial, and which units it lacks."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypedDict

from django.db.models import Q

from common.collation import vietnamese, vietnamese_key
from units.models import Succession, Ward
from wards.models import YearlyCount

Status = YearlyCount.Status
FIELDS = ("near_poor_end", "poor_end")


@dataclass
class Source:
    """A unit whose figures go into the ward: a predecessor, or one of its own predecessors."""

    succession: Succession
    ward: Ward | None  # None: a unit outside the product
    name: str
    factor: Decimal | int | None  # the part of its households in the ward; None: unknown
    depth: int
    via: "Source | None" = None

    @property
    def estimated(self) -> bool:
        return self.factor is not None and self.factor != 1

    @property
    def part_label(self) -> str:
        label = self.succession.part_label
        if self.via is not None:
            label += f", qua {self.via.name}"
        return label


class Missing(TypedDict):
    name: str
    reason: str


@dataclass
class YearTotal:
    year: int
    values: dict[str, Decimal | int] = field(default_factory=dict)
    estimated: bool = False
    missing: list[Missing] = field(default_factory=list)
    own: bool = False  # the ward's own approved figures, no roll-up

    @property
    def complete(self) -> bool:
        return not self.missing

    def value(self, name: str) -> str:
        """The figure as a page shows it: "–" when nothing is known, "~" before an estimate."""
        if name not in self.values:
            return "–"
        number = self.values[name]
        text = f"{round(number):,}".replace(",", ".")
        return f"~{text}" if self.estimated else text

    @property
    def shown(self) -> dict[str, str]:
        return {name: self.value(name) for name in FIELDS}


class Lineage(TypedDict):
    ward: Ward
    sources: list[Source]
    successions: list[Succession]  # where the ward itself went, for an ended ward
    years: list[int]
    rows: list[dict]  # per source: {"source", "cells": {year: count or None}}
    totals: list[YearTotal]


Graph = dict[int, list[Succession]]  # a unit's pk: the successions into it


def graph_into(wards) -> Graph:
    """The successions into `wards` and, step by step, into their predecessors: one query a step
    back in time, however many wards (two for the 2025 reorganisation)."""
    into: Graph = {}
    frontier = {ward.pk for ward in wards}
    while frontier:
        for pk in frontier:
            into[pk] = []
        steps = list(Succession.objects.filter(successor__in=frontier).select_related("predecessor"))
        for step in steps:
            into[step.successor_id].append(step)
        frontier = {s.predecessor_id for s in steps if s.predecessor_id is not None} - into.keys()
    return into


def sources_of(ward: Ward, steps: list[Succession] | None = None, *, into: Graph | None = None) -> list[Source]:
    """Every unit that went into `ward`, depth first, with its share multiplied along the way;
    `steps`, the ward's own successions when already read; `into`, the whole graph when read."""
    found: list[Source] = []

    def walk(unit: Ward, factor, depth: int, via: Source | None, steps=None) -> None:
        if steps is None:
            steps = into.get(unit.pk, []) if into is not None else (
                Succession.objects.filter(successor=unit).select_related("predecessor"))
        steps = sorted(steps, key=lambda s: (s.predecessor is None, vietnamese_key(s.predecessor.name if s.predecessor else s.other_name)))
        for step in steps:
            part = None if factor is None or step.factor is None else factor * step.factor
            name = step.predecessor.label if step.predecessor else step.other_name
            source = Source(succession=step, ward=step.predecessor, name=name, factor=part, depth=depth, via=via)
            found.append(source)
            if step.predecessor is not None:
                walk(step.predecessor, part, depth + 1, source)

    walk(ward, 1, 0, None, steps)
    return found


def _counts(ward_ids, years) -> dict[tuple[int, int], YearlyCount]:
    rows = YearlyCount.objects.filter(ward__in=ward_ids, status=Status.APPROVED)
    if years is not None:
        rows = rows.filter(year__in=years)
    rows = rows.order_by("ward_id", "year", "-campaign__start_year", "-pk")
    counts: dict[tuple[int, int], YearlyCount] = {}
    for count in rows:
        counts.setdefault((count.ward_id, count.year), count)
    return counts


def _year_end(ward: Ward, year: int) -> bool:
    """Whether the ward stood on 31 December of `year`, when the annual review counts households."""
    return ward.valid_on(date(year, 12, 31))


def lineage(ward: Ward, years: list[int] | None, *, own: bool = False) -> Lineage:
    """The ward's figures for `years` (None: every year any of them has approved figures), each
    year its own or rolled up from its predecessors; for a ward that neither came from nor went
    into another, one query and no figures (unless `own`)."""
    steps = list(
        Succession.objects.filter(Q(successor=ward) | Q(predecessor=ward)).select_related("predecessor", "successor")
    )
    successions = sorted(
        (s for s in steps if s.predecessor_id == ward.pk),
        key=lambda s: (s.successor is None, vietnamese_key(s.successor.name if s.successor else s.other_name)),
    )
    sources = sources_of(ward, [s for s in steps if s.successor_id == ward.pk])
    if not sources and not own:
        return {"ward": ward, "sources": [], "years": years or [], "rows": [], "totals": [], "successions": successions}
    counts = _counts(_ids(ward, sources), years)
    years, totals = _totals(ward, sources, counts, years)
    rows = [
        {"source": s, "cells": {year: counts.get((s.ward.pk, year)) if s.ward else None for year in years}}
        for s in sources
    ]
    return {"ward": ward, "sources": sources, "years": years, "rows": rows, "totals": totals, "successions": successions}


def _ids(ward: Ward, sources: list[Source]) -> set[int]:
    return {ward.pk} | {s.ward.pk for s in sources if s.ward is not None}


def _totals(ward: Ward, sources: list[Source], counts, years: list[int] | None) -> tuple[list[int], list[YearTotal]]:
    """The years asked for (None: every year the ward or its sources have approved figures),
    each year's total."""
    if years is None:
        mine = _ids(ward, sources)
        years = sorted({year for pk, year in counts if pk in mine})
    return years, [_total(ward, year, sources, counts) for year in years]


def _total(ward: Ward, year: int, sources: list[Source], counts) -> YearTotal:
    total = YearTotal(year=year)
    if _year_end(ward, year) or not sources:
        count = counts.get((ward.pk, year))
        total.own = True
        if count is None:
            total.missing.append({"name": ward.label, "reason": "chưa có số liệu đã duyệt"})
        else:
            total.values = {name: getattr(count, name) for name in FIELDS}
        return total
    children: dict[int | None, list[Source]] = {}
    for source in sources:
        children.setdefault(id(source.via) if source.via else None, []).append(source)

    def add(source: Source) -> None:
        # A unit counts for the year if it stood at the year's end; those that went into it later
        # stood apart then and count too, so both are read.
        if source.ward is None:
            total.missing.append({"name": source.name, "reason": "đơn vị ngoài hệ thống, không có số liệu"})
        elif _year_end(source.ward, year):
            count = counts.get((source.ward.pk, year))
            if count is None:
                total.missing.append({"name": source.name, "reason": "chưa có số liệu đã duyệt"})
            elif source.factor is None:
                total.missing.append({"name": source.name, "reason": "chia tách, chưa rõ tỷ lệ số hộ"})
            else:
                for name in FIELDS:
                    total.values[name] = total.values.get(name, 0) + getattr(count, name) * source.factor
                total.estimated |= source.estimated
        for child in children.get(id(source), []):
            add(child)

    for source in children.get(None, []):
        add(source)
    return total


class CityUnits(TypedDict):
    day: date
    districts: list  # District rows valid on `day`, each with `ward_count`
    wards: list[dict]  # wards directly under the city on `day`: {"ward", "latest": YearTotal | None}


def city_units(province, day: date) -> CityUnits:
    """The units under `province` on `day`: its districts then, and the wards directly under it,
    each ward with its latest year's figures rolled up from its predecessors; a fixed number of
    queries however many wards (the graph a step at a time, then every figure at once)."""
    from django.db.models import Count

    from units.models import District, valid_rule

    districts = list(
        District.objects.filter(province=province).filter(valid_rule(day))
        .annotate(ward_count=Count("wards", filter=valid_rule(day, "wards")))
        .order_by(vietnamese("name"))
    )
    wards = []
    direct = list(
        Ward.objects.filter(Q(province=province), Q(district__isnull=True)).filter(valid_rule(day))
        .order_by(vietnamese("name"))
    )
    into = graph_into(direct)
    sources = {ward.pk: sources_of(ward, into=into) for ward in direct}
    counts = _counts(set().union(*(_ids(ward, sources[ward.pk]) for ward in direct)), None)
    for ward in direct:
        _, totals = _totals(ward, sources[ward.pk], counts, None)
        latest = next((t for t in reversed(totals) if t.values or t.own), None)
        wards.append({"ward": ward, "latest": latest, "sources": len(sources[ward.pk])})
    return {"day": day, "districts": districts, "wards": wards}


class Successor(TypedDict):
    ward: Ward
    sources: list[Source]
    totals: list[YearTotal]


def successors_rolled_up(wards, day: date, years: list[int]) -> list[Successor]:
    """The units standing on `day` that `wards` went into, through any interim merger, each with
    `years` rolled up from every unit that went into it (of `wards` or not): how a report written
    after a reorganisation reads the old units' results. A fixed number of queries."""
    standing: dict[int, Ward] = {}
    seen = frontier = {ward.pk for ward in wards}
    while frontier:
        steps = Succession.objects.filter(predecessor__in=frontier, successor__isnull=False, effective_on__lte=day)
        reached = {step.successor_id: step.successor for step in steps.select_related("successor")}
        standing.update({pk: unit for pk, unit in reached.items() if unit.valid_on(day)})
        frontier = {pk for pk, unit in reached.items() if not unit.valid_on(day)} - seen
        seen = seen | frontier
    found = sorted(standing.values(), key=lambda unit: vietnamese_key(unit.name))
    into = graph_into(found)
    sources = {unit.pk: sources_of(unit, into=into) for unit in found}
    counts = _counts(set().union(*(_ids(unit, sources[unit.pk]) for unit in found)), years)
    return [
        {"ward": unit, "sources": sources[unit.pk], "totals": _totals(unit, sources[unit.pk], counts, years)[1]}
        for unit in found
    ]

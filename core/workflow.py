"""The one workflow engine: a status field, a table of transitions, who may fire each,
and the one function that changes the status.

Every status field of the portal (support requests, projects, annual plans, grants,
payments, voting rounds, report jobs) has a table built from `Transition` rows:

    state -> transitions -> the actors who may fire each -> the button's label

An app's service finds the transition for its actor (`find`), does its own checks, then
calls `move`, which is the only code that assigns a status: it saves the field, and runs
what higher apps registered for the new state (`on_enter`) inside the same transaction.
A transition marked `via` is fired only by the named service (an appraisal, a plan
approval, a settlement), never offered as a bare button.

Core sits below every app: who an actor is (roles, the chair of a council) is answered by
the `actors` function each workflow is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

SYSTEM = "system"  # transitions the portal itself fires (a worker, a service's side effect)


class Tone(StrEnum):
    """The one status palette: every state of every workflow is one of these five."""

    NEUTRAL = "neutral"  # a draft, nothing asked of anyone yet
    INFO = "info"  # waiting on someone else
    WARNING = "warning"  # needs an action (returned, to be paid)
    SUCCESS = "success"  # done
    DANGER = "danger"  # refused, cancelled, failed

    @property
    def css(self) -> str:
        """The badge's classes (colours chosen for 4.5:1 contrast, see portal.css)."""
        return f"badge status-badge status-{self.value}"


# (model label, status field) -> its workflow, for the badge of any object's status.
_BY_MODEL: dict[tuple[str, str], Workflow] = {}


def workflow_for(obj, field: str = "status") -> Workflow | None:
    return _BY_MODEL.get((obj._meta.label, field))


@dataclass(frozen=True)
class Transition:
    target: str
    label: str | Promise = ""
    actors: frozenset[str] = frozenset()
    note_required: bool = False
    via: str = ""  # fired only by that service, never a bare button
    style: str = "primary"
    confirm: str | Promise = ""  # what the confirmation says before it is fired

    @property
    def roles(self) -> frozenset[str]:
        """The actors, where they are roles (the tables of projects and requests)."""
        return self.actors


class Workflow:
    def __init__(
        self,
        *,
        name: str,
        table: Mapping[str, Sequence[Transition]],
        actors: Callable[[Any, Any], Iterable[str]] = lambda actor, obj: (),
        field: str = "status",
        object_name: str = "obj",
        tones: Mapping[str, Tone],
        model: str = "",
    ) -> None:
        unknown = {t.target for ts in table.values() for t in ts} - set(table)
        if unknown:
            raise ValueError(f"{name}: transitions to states missing from the table: {unknown}")
        untoned = set(table) - set(tones)
        if untoned:
            raise ValueError(f"{name}: states without a tone in the palette: {untoned}")
        self.tones = {state: Tone(tone) for state, tone in tones.items()}
        if model:
            _BY_MODEL[(model, field)] = self
        self.name = name
        self.table = {state: tuple(transitions) for state, transitions in table.items()}
        self.field = field
        self.object_name = object_name  # the keyword the on_enter callbacks receive it by
        self._actors = actors
        self._on_enter: dict[str, list[Callable[..., object]]] = {}

    def __repr__(self) -> str:
        return f"<Workflow {self.name}>"

    # -- reading the table ----------------------------------------------------------------

    def state(self, obj) -> str:
        return getattr(obj, self.field)

    def tone(self, state: str) -> Tone:
        return self.tones.get(state, Tone.NEUTRAL)

    def actors(self, actor, obj) -> frozenset[str]:
        return frozenset(self._actors(actor, obj))

    def find(self, actor, obj, target: str, *, via: str = "") -> Transition | None:
        """The transition to `target` this actor may fire from the object's state."""
        actors = self.actors(actor, obj)
        for transition in self.table[self.state(obj)]:
            if transition.target == target and transition.via == via and transition.actors & actors:
                return transition
        return None

    def available(self, actor, obj) -> list[Transition]:
        """The buttons this actor may press (not those fired by another service)."""
        actors = self.actors(actor, obj)
        return [t for t in self.table[self.state(obj)] if not t.via and t.actors & actors]

    def allows(self, source: str, target: str, *, via: str = "") -> Transition | None:
        """The transition from `source` to `target` fired by the portal itself (SYSTEM)."""
        for transition in self.table[source]:
            if (
                transition.target == target
                and transition.via == via
                and SYSTEM in transition.actors
            ):
                return transition
        return None

    def sources(self, target: str, *, via: str = "") -> tuple[str, ...]:
        """The states from which `target` may be reached (for conditional updates)."""
        return tuple(
            state
            for state, transitions in self.table.items()
            if any(t.target == target and t.via == via for t in transitions)
        )

    def fire(
        self,
        obj,
        target: str,
        *,
        actor=None,
        via: str = "",
        note: str = "",
        update_fields: Sequence[str] | None = (),
        record: Callable[[str, str], object] | None = None,
        by_portal: bool = False,
        full_clean: bool = False,
    ):
        """Find the transition to `target` (the actor's, or with `by_portal` one the portal
        itself fires) and `move` by it; refused with the state's label otherwise."""
        if by_portal:
            transition = self.allows(self.state(obj), target, via=via)
        else:
            transition = self.find(actor, obj, target, via=via)
        if transition is None:
            shown = getattr(obj, f"get_{self.field}_display", lambda: self.state(obj))()
            raise ValidationError(
                _("This step is not possible now (%(state)s).") % {"state": shown}
            )
        return self.move(
            obj,
            transition,
            actor=actor,
            note=note,
            update_fields=update_fields,
            record=record,
            full_clean=full_clean,
        )

    # -- hooks ------------------------------------------------------------------------------

    def on_enter(self, state: str, callback: Callable[..., object]) -> None:
        """Apps above this one react to an object entering `state` without this app
        importing them: they register in their AppConfig.ready(); `move` runs each
        callback inside the caller's transaction, after the status and its event are
        written, as callback(<object_name>=obj, actor=..., note=...)."""
        if state not in self.table:
            raise ValueError(f"{self.name}: unknown state {state!r}")
        callbacks = self._on_enter.setdefault(state, [])
        if callback not in callbacks:  # ready() may run twice
            callbacks.append(callback)

    # -- the one writer ---------------------------------------------------------------------

    def move(
        self,
        obj,
        transition: Transition,
        *,
        actor=None,
        note: str = "",
        update_fields: Sequence[str] | None = (),
        record: Callable[[str, str], object] | None = None,
        full_clean: bool = False,
    ):
        """Set the status the transition leads to and save it (with `update_fields`, the
        other fields the caller changed), call `record(previous, new)` to write the event
        row, then run the `on_enter` callbacks. The caller holds the transaction and the
        row lock, and has found `transition` from the object's current state with `find`
        or `allows`."""
        if transition not in self.table[self.state(obj)]:
            shown = getattr(obj, f"get_{self.field}_display", lambda: self.state(obj))()
            raise ValidationError(
                _("This step is no longer possible: the record has moved on (%(state)s).")
                % {"state": shown}
            )
        previous = self.state(obj)
        setattr(obj, self.field, transition.target)
        if full_clean:  # constraints that tie other fields to the new status
            obj.full_clean()
        # update_fields=None saves every field (the caller changed several).
        obj.save(update_fields=None if update_fields is None else [self.field, *update_fields])
        if record is not None:
            record(previous, transition.target)
        for callback in self._on_enter.get(transition.target, ()):
            callback(actor=actor, note=note, **{self.object_name: obj})
        return obj

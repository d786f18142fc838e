"""Ditto cells in a synthetic plan: "As above", "SEE ABOVE", each with the value it repeats.

A ditto stands in a cell printed for one action (its own row, or its entry of a
parallel list) and repeats the same column's value of the nearest action above
it in its section that printed one; at the top of a section it repeats nothing
and dangles. The action keeps the value repeated, and the words as printed.
"""

from __future__ import annotations

from .synthetic_plan import Action, Plan

__all__ = ["DittoMaker"]


class DittoMaker:
    """The ditto half of :class:`~.synthetic_references.ReferenceMaker`.

    It expects ``self.plan``, ``self.rng``, ``self._free`` and ``self._reference``.
    """

    plan: Plan

    def _ditto(self, field_name: str, words_printed: str, key_field: str) -> None:
        """A cell that says "As above": the value of the same column one action up."""
        plan = self.plan
        choices = []
        for section in plan.sections:
            previous: Action | None = None
            for row in section.rows:
                per_action = field_name not in row.shared and (
                    len(row.actions) == 1 or row.styles.get(field_name) == "p"
                )
                for action_id in row.actions:
                    action = plan.actions[action_id]
                    # A value another ditto already repeats stays as printed.
                    repeated = any(
                        action.id in r.targets and r.field == key_field
                        for r in self.plan.references
                    )
                    if (
                        per_action
                        and not row.label_column
                        and not repeated
                        and self._free(action, key_field)
                    ):
                        choices.append((action, previous))
                    if key_field not in action.dittos and _value(action, key_field):
                        previous = action
        if not choices:
            return
        action, previous = self.rng.choice(choices)
        raw = words_printed.rstrip(".")  # the pointer is the words; the full stop is the cell's
        if previous is None:
            if key_field == "owner_raw":
                return  # an owner nobody can name is not something boards print
            action.dittos[key_field] = words_printed
            _set_value(action, key_field, words_printed)
            self._reference(raw, "ditto", "ditto", key_field, [action.id], "dangling", [])
            return
        action.dittos[key_field] = words_printed
        _copy_value(previous, action, key_field)
        self._reference(raw, "ditto", "ditto", key_field, [action.id], "resolved", [previous.id])

    def _ref_ditto_owner(self) -> None:
        self._ditto("owner", self.rng.choice(["As above", "As above.", "SEE ABOVE"]), "owner_raw")

    def _ref_ditto_due(self) -> None:
        self._ditto("due", "As above", "due_raw")

    def _ref_ditto_progress(self) -> None:
        self._ditto("progress", "As above", "progress")

    def _ref_ditto_evidence(self) -> None:
        self._ditto("evidence", "As above", "evidence")

    def _ref_ditto_outcome(self) -> None:
        self._ditto("outcome", "SEE ABOVE", "outcome")


_FIELD_ATTRIBUTE = {
    "owner_raw": "owners",
    "due_raw": "due",
    "evidence": "evidence",
    "outcome": "outcome",
    "status_raw": "status_raw",
    "progress": "progress",
}


def _value(action: Action, key_field: str):
    return getattr(action, _FIELD_ATTRIBUTE[key_field])


def _set_value(action: Action, key_field: str, value: str) -> None:
    if key_field == "owner_raw":
        action.owners = []
        return
    setattr(action, _FIELD_ATTRIBUTE[key_field], value)
    if key_field == "due_raw":
        action.due_start = action.due_end = None
    elif key_field == "progress":
        action.status, action.status_raw = "unknown", None


def _copy_value(source: Action, target: Action, key_field: str) -> None:
    if key_field == "owner_raw":
        target.owners = list(source.owners)
        target.owner_text = source.owner_text
    elif key_field == "due_raw":
        target.due, target.due_start, target.due_end = source.due, source.due_start, source.due_end
    elif key_field == "progress":
        # The words repeated say how far the step has got; no status word is printed.
        target.progress = source.progress
        target.status, target.status_raw = source.status, None
    else:
        setattr(target, _FIELD_ATTRIBUTE[key_field], _value(source, key_field))

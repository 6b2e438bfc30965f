"""`sagegen impact`'s reports: text for a terminal, JSON for a program, Markdown for a pull request."""

from __future__ import annotations

from ..cost import decimal, money
from . import explain
from .cost_change import CostChange
from .impact import Action, Change, Impact


def as_text(impact: Impact) -> str:
    lines = [f"impact of the change from {impact.source} to {impact.target}:"]
    if impact.keys:
        lines.append(f"spec keys changed: {', '.join(impact.keys)}")
    lines += _whole_regions(impact)
    whole = set(impact.regions_added) | set(impact.regions_removed)
    listed = [c for c in impact.changes if c.region not in whole or c.loses_data]
    for action in Action:
        changes = [c for c in listed if c.action is action]
        if changes:
            lines.append(f"\n{action.value} ({len(changes)}):")
            lines += [_change_line(c) for c in changes]
    if not impact.changes:
        lines.append("no changes")
        if impact.keys:
            lines.append(
                f"({', '.join(impact.keys)}: Terraform plans nothing for {'them' if len(impact.keys) > 1 else 'it'}: "
                "an argument the render leaves to AWS after creation, such as the service's desired_count, which "
                "autoscaling owns (ignore_changes), or one no resource of this phase reads)"
            )
    lost = impact.data_loss
    if impact.refusals:
        lines.append(f"\nrefused by AWS during the apply ({len(impact.refusals)}):")
        lines += [f"  {refusal}" for refusal in impact.refusals]
    lines += cost_lines(impact.cost)
    lines.append("")
    lines.append(
        f"{len(lost)} stateful resource(s) replaced or destroyed: data is lost unless you migrate it first"
        if lost
        else "nothing stateful is replaced or destroyed"
    )
    return "\n".join(lines) + "\n"


def _signed(value: float) -> str:
    return ("+" if value >= 0 else "-") + money(abs(value))


def cost_lines(cost: CostChange | None) -> list[str]:
    """The monthly estimate before and after, and each resource whose figure moves, with its keys."""
    if cost is None:
        return []
    lines = [
        f"\nmonthly cost (sagegen cost's prices): {money(cost.past.total)} -> {money(cost.now.total)} "
        f"({_signed(cost.diff)})"
    ]
    width = max((len(r.name) for r in cost.resources), default=0) + 2
    for r in cost.resources:
        where = "" if r.region == cost.now.primary_region else f"{r.region}: "
        causes = f"  <- {', '.join(r.keys)}" if r.keys else ""
        figures = f"{money(r.past_monthly):>11} -> {money(r.monthly):>11} {_signed(r.diff):>12}"
        lines.append(f"  {where}{r.name:<{width}}{figures}{causes}")
    if cost.over_budget:
        lines.append(f"  over budget: {money(cost.now.total)} a month is above the spec's {money(cost.budget)}")
    return lines


def _whole_regions(impact: Impact) -> list[str]:
    """A line per secondary region whose root module is created or destroyed whole."""
    lines = []
    for region in impact.regions_added:
        created = [c for c in impact.changes if c.region == region]
        lines.append(
            f"\nregion {region} added: a root module of its own, {len(created)} resources to create "
            "(apply it after the primary region), by type:"
        )
        lines += _by_type(created)
    for region in impact.regions_removed:
        count = sum(1 for c in impact.changes if c.region == region)
        lines.append(f"\nregion {region} removed: its root module's {count} resources are destroyed")
    return lines


def _by_type(changes: list[Change]) -> list[str]:
    """One line per resource type: its names, the stateful ones marked."""
    names: dict[str, list[str]] = {}
    for c in changes:
        kind, _, name = c.address.partition(".")
        names.setdefault(kind, []).append(name + (" (stateful)" if c.stateful else ""))
    return [f"  {kind}: {', '.join(sorted(found))}" for kind, found in sorted(names.items())]


def _change_line(c: Change) -> str:
    note = f"  [{', '.join(c.arguments)}]" if c.arguments else ""
    flag = "  LOSES DATA" if c.loses_data else "  (stateful)" if c.stateful and c.action is not Action.ADD else ""
    where = f"{c.region}: " if c.region else ""
    lines = [f"  {where}{c.address}{note}{flag}"]
    for argument, keys in c.causes:
        if argument == explain.TOGETHER:
            lines.append(f"      {', '.join(keys)} {argument} -> {c.address}")
            continue
        target = f"{c.address}.{argument}" if argument else c.address
        lines.append(f"      {', '.join(keys)} -> {target}")
    lines += [f"      {note}" for note in c.notes]
    return "\n".join(lines)


def as_json(impact: Impact) -> dict:
    return {
        "from": impact.source,
        "to": impact.target,
        "regionsAdded": impact.regions_added,
        "regionsRemoved": impact.regions_removed,
        "keys": impact.keys,
        "changes": [
            {
                "address": c.address,
                "region": c.region,
                "action": c.action.value,
                "arguments": list(c.arguments),
                "stateful": c.stateful,
                "losesData": c.loses_data,
                "causes": {argument or "*": list(keys) for argument, keys in c.causes},
                "consequences": list(c.notes),
            }
            for c in impact.changes
        ],
        "losesData": [c.address if c.region is None else f"{c.region}: {c.address}" for c in impact.data_loss],
        "refusals": impact.refusals,
        "keyLines": impact.key_lines,
        "cost": None if impact.cost is None else cost_json(impact.cost),
    }


def cost_json(cost: CostChange) -> dict:
    """Before, after and the difference, per resource with the spec keys that moved it (decimals as strings,
    as Infracost writes them)."""
    return {
        "currency": "USD",
        "pastTotalMonthlyCost": decimal(cost.past.total),
        "totalMonthlyCost": decimal(cost.now.total),
        "diffTotalMonthlyCost": decimal(cost.diff),
        "budget": None if cost.budget is None else decimal(cost.budget),
        "overBudget": cost.over_budget,
        "resources": [
            {
                "name": r.name,
                "region": r.region,
                "pastMonthlyCost": decimal(r.past_monthly),
                "monthlyCost": decimal(r.monthly),
                "diffMonthlyCost": decimal(r.diff),
                "specKeys": list(r.keys),
            }
            for r in cost.resources
        ],
    }


# GitHub refuses a comment above 65,536 characters; what does not fit is cut at a row and said so. A
# zero-width space after @ and # keeps a mention or an issue reference from linking or notifying.
COMMENT_LIMIT = 60_000
MARKDOWN_SPECIAL = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]|~>"} | {"<": "&lt;", "@": "@\u200b", "#": "#\u200b", "\n": " "}
)


def md(text: object) -> str:
    """Text for a Markdown table cell or line: every character Markdown or GitHub reads as markup escaped
    (a spec in a pull request is anyone's text; `@team` must not notify, `<img>` must not render)."""
    return str(text).translate(MARKDOWN_SPECIAL)


def code(text: object) -> str:
    """A name (an address, a key) as inline code: backticks cannot end it early, pipes cannot split a cell."""
    return "`" + str(text).replace("`", "'").replace("|", "\\|").replace("\n", " ") + "`"


def as_markdown(impact: Impact) -> str:
    """One pull-request comment: what changes, why (spec keys with their lines), what it means for data and
    when, what it costs. Meant to be posted as it is."""
    counts = {action: sum(1 for c in impact.changes if c.action is action) for action in Action}
    lines = [
        f"### sagegen impact: {md(impact.source)} → {md(impact.target)}",
        "",
        " · ".join(f"**{n}** to {action.value}" for action, n in counts.items() if n) or "**no changes**",
    ]
    if impact.cost is not None:
        cost = impact.cost
        lines[-1] += f" · monthly cost {money(cost.past.total)} → {money(cost.now.total)} ({_signed(cost.diff)})"
    lines += [""] + _md_warnings(impact)
    if impact.keys:
        lines += ["#### Why: the spec keys that changed", "", "| key | where |", "|---|---|"]
        lines += [f"| {code(k)} | {md(impact.key_lines.get(k, 'removed, or its default'))} |" for k in impact.keys]
        lines.append("")
    rows = [_md_row(c) for c in impact.changes]
    if rows:
        lines += [
            "#### What changes",
            "",
            "| action | resource | caused by | what it means, and when |",
            "|---|---|---|---|",
        ]
        lines += rows
        lines.append("")
    lines += _md_cost(impact.cost)
    return _fit(lines)


def _md_warnings(impact: Impact) -> list[str]:
    # The region as the text and the JSON name it: a second region's bucket is not the primary's.
    out = [
        f"> [!CAUTION]\n> {md(c.region + ': ') if c.region else ''}{code(c.address)} loses data: {md(c.action.value)}"
        for c in impact.data_loss
    ]
    out += [f"> [!CAUTION]\n> refused by AWS during the apply: {md(r)}" for r in impact.refusals]
    if impact.cost is not None and impact.cost.over_budget:
        out.append(
            f"> [!CAUTION]\n> over budget: {money(impact.cost.now.total)} a month is above the spec's "
            f"{money(impact.cost.budget)}"
        )
    return [line for warning in out for line in (warning, "")]


def _md_row(c: Change) -> str:
    where = f"{c.region}: " if c.region else ""
    arguments = f" ({', '.join(c.arguments)})" if c.arguments else ""
    keys = sorted({k for argument, found in c.causes for k in found if argument != explain.TOGETHER}) or sorted(
        {k for _, found in c.causes for k in found}
    )
    flag = " **loses data**" if c.loses_data else ""
    notes = "; ".join(c.notes)
    return (
        f"| {md(c.action.value)}{flag} | {md(where)}{code(c.address)}{md(arguments)} | "
        f"{', '.join(code(k) for k in keys) or '—'} | {md(notes) or '—'} |"
    )


def _md_cost(cost: CostChange | None) -> list[str]:
    if cost is None or not cost.resources:
        return []
    lines = [
        "#### What it costs a month",
        "",
        "| resource | before | after | difference | caused by |",
        "|---|--:|--:|--:|---|",
    ]
    for r in cost.resources:
        where = "" if r.region == cost.now.primary_region else f"{r.region}: "
        lines.append(
            f"| {md(where)}{code(r.name)} | {money(r.past_monthly)} | {money(r.monthly)} | {_signed(r.diff)} | "
            f"{', '.join(code(k) for k in r.keys) or '—'} |"
        )
    lines += [
        f"| **total** | **{money(cost.past.total)}** | **{money(cost.now.total)}** | **{_signed(cost.diff)}** | |",
        "",
    ]
    lines.append(
        "<sub>Priced by `sagegen cost`: on-demand list prices of sagegen/data/prices.yaml, the document's usage.</sub>"
    )
    return lines


def _fit(lines: list[str]) -> str:
    text = "\n".join(lines).rstrip() + "\n"
    if len(text) <= COMMENT_LIMIT:
        return text
    kept, size = [], 0
    for line in lines:
        if size + len(line) + 1 > COMMENT_LIMIT - 200:
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept) + f"\n\n*(cut at {COMMENT_LIMIT} characters: `sagegen impact` prints it all)*\n"

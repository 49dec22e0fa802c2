"""What a step consists of, item by item: the one list the laptop and the beamer both follow.

The session's position is a step and an item within it (stored with the session). The laptop
shows all items of the step and marks the one on the big screen; the beamer shows that one item
only. Both build the list with this function from the same inputs, so "item 3" is the same thing
on every screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from wijkdata.conversation.prompting import ChosenPrompt

NOTES_LABELS = {"voorspellen": "Wat verwachten we te zien?", "herkennen": "Wat zien we?",
                "verklaren": "Verklaringen langs de drie V's", "waarderen": "Wat vinden we ervan?"}


@dataclass(frozen=True)
class Item:
    kind: str  # focus | terugblik | figuur | oordeel | vraag | notities | afspraken | verwacht_gezien | verklaringen
    label: str  # how the laptop names it ("Grafiek: Uitval", "Vraag 2 van 4")
    code: str | None = None  # the indicator of a figuur or oordeel
    prompt: ChosenPrompt | None = None


def step_items(stap: str, focus: list[str], names: dict[str, str], prompts: list[ChosenPrompt]) -> list[Item]:
    """The items of step ``stap`` in the order the room sees them. ``names``: indicator code to
    name; ``prompts``: the step's prompts as chosen for this session."""
    if stap == "voorbereiden":
        return [Item("focus", "De cijfers van vandaag")]
    if stap == "terugblik":
        return [Item("terugblik", "De afspraken van de vorige keer")]
    if stap == "afronden":
        return [Item("verwacht_gezien", "Voorspeld en gezien"), Item("verklaringen", "Verklaringen"),
                Item("afspraken", "Afspraken")]
    items = []
    if stap == "herkennen":
        items += [Item("figuur", f"Grafiek: {names.get(c, c)}", c) for c in focus]
    if stap == "waarderen":
        items += [Item("oordeel", f"Oordeel: {names.get(c, c)}", c) for c in focus]
    items += [Item("vraag", f"Vraag {i} van {len(prompts)}", prompt=p) for i, p in enumerate(prompts, start=1)]
    if stap == "verbeteren":
        items.append(Item("afspraken", "Afspraken"))
    elif stap in NOTES_LABELS:
        items.append(Item("notities", NOTES_LABELS[stap]))
    return items

"""The step before a move that can hurt: its POST without `confirmed=1` changes nothing and answers
a page saying what will happen, whose button posts the same fields again with `confirmed=1`."""

from django.shortcuts import render

from .workflow import Confirmation

CONFIRMED = "confirmed"


def confirmed(request) -> bool:
    return request.POST.get(CONFIRMED) == "1"


def confirmation_page(request, confirmation: Confirmation, *, back: str):
    # Every field posted comes back, those a page adds to a move (where to go next) included.
    hidden = [
        (name, value) for name in request.POST if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in request.POST.getlist(name)
    ]
    return render(request, "confirm.html", {"confirmation": confirmation, "hidden": hidden, "back": back})

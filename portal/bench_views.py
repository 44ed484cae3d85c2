"""The floor of `make bench`: the cheapest page the portal can serve.

It renders the site's base template with an empty content block and asks the database
nothing, so its throughput is what Django, the middleware and gunicorn cost on their own.
bench/load.py reports every other page as a fraction of it. Served only when
FANXIANG_BENCH_FLOOR is true (never in production).
"""

from django.shortcuts import render


def floor(request):
    return render(request, "base.html")

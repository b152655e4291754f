"""The search page's timeline as chart geometry: bars of matching stories per month (per year
over a long span), each a link that narrows the search to its period, with labelled axes.

The range rule: a stray date must not stretch the chart into hairlines (a 1950 birth date read
as the date of a story in a 2020s collection). The dated months are cut wherever more than
GAP_YEARS years pass with no story; the chart covers the run of months that holds the most
stories (the later on a tie), and says how many matching stories are dated before or after it,
with links to them. Undated stories are counted apart: the engine's month counts hold only the
dated ones. Plain data; templates/search/search.html only draws it."""

import calendar
import datetime

from search.pages import query_string
from search.query import parse_date

GAP_YEARS = 2  # more empty years than this between two dated stories cut the range
MAX_MONTHS = 120  # a longer range is drawn a bar per year
WIDTH, HEIGHT = 600, 140
LEFT, BOTTOM, TOP = 44, 22, 8  # room for the counts' axis, the years' axis and the peak's label
MAX_YEAR_LABELS = 12


def month_number(key):
    year, month = map(int, key.split("-"))
    return year * 12 + month - 1


def month_key(number):
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def dense_run(months):
    """The (first, last) month numbers of the run of months without a gap of more than GAP_YEARS
    empty years that holds the most stories (the later on a tie)."""
    runs, start = [], 0
    for i in range(1, len(months) + 1):
        if i == len(months) or month_number(months[i][0]) - month_number(months[i - 1][0]) > GAP_YEARS * 12 + 1:
            runs.append(months[start:i])
            start = i
    best = max(reversed(runs), key=lambda run: sum(n for _, n in run))
    return month_number(best[0][0]), month_number(best[-1][0])


def given_date(params, name):
    """The date filter's value as the search read it (spaces around it ignored, blank absent;
    the search has answered 400 already for one it cannot read)."""
    value = (params.get(name) or "").strip()
    return parse_date(name, value) if value else None


def period_link(params, first, last):
    """The search narrowed to the days from first to last (within its own date filter)."""
    start, end = given_date(params, "date_from"), given_date(params, "date_to")
    first, last = max(first, start) if start else first, min(last, end) if end else last
    return query_string(params, date_from=first.isoformat(), date_to=last.isoformat())


def month_days(number):
    year, month = number // 12, number % 12 + 1
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def periods(counts, first, last):
    """[(label, first day, last day, stories)]: each month from first to last (month numbers),
    or each year when that is more than MAX_MONTHS months."""
    if last - first < MAX_MONTHS:
        return [(month_key(m), *month_days(m), counts.get(m, 0)) for m in range(first, last + 1)]
    by_year = {}
    for m in range(first, last + 1):
        by_year[m // 12] = by_year.get(m // 12, 0) + counts.get(m, 0)
    return [(str(y), datetime.date(y, 1, 1), datetime.date(y, 12, 31), n) for y, n in by_year.items()]


def count_ticks(peak):
    """The counts marked on the vertical axis: 0, the peak, and its half when that is a whole number apart."""
    return sorted({0, peak, *([peak // 2] if peak >= 4 else [])})


def timeline(months, count, params):
    """The chart's dict, or None when no matching story is dated. months: the engine's
    [(YYYY-MM, stories)] of the dated matches, in order; count: all matching stories;
    params: the page's query (a QueryDict), which each link keeps but for its dates."""
    if not months:
        return None
    first, last = dense_run(months)
    counts = {month_number(key): n for key, n in months}
    before = sum(n for m, n in counts.items() if m < first)
    after = sum(n for m, n in counts.items() if m > last)
    bars = periods(counts, first, last)
    peak = max(n for *_, n in bars)
    plot_width, plot_height = WIDTH - LEFT, HEIGHT - BOTTOM - TOP
    step = plot_width / len(bars)

    def y(n):
        return round(TOP + plot_height - plot_height * n / peak, 2)

    shapes = [
        {
            "label": label,
            "count": n,
            "url": period_link(params, start, end),
            "x": round(LEFT + i * step, 2),
            "width": round(max(step - 1, 1), 2),
            "y": y(n),
            "height": round(plot_height * n / peak, 2),
        }
        for i, (label, start, end, n) in enumerate(bars)
    ]
    yearly = last - first >= MAX_MONTHS
    starts = [bar for bar in shapes if yearly or bar["label"].endswith("-01") or bar is shapes[0]]
    every = -(-len(starts) // MAX_YEAR_LABELS)
    start_day, end_day = month_days(first)[0], month_days(last)[1]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "baseline": TOP + plot_height,
        "by": "year" if yearly else "month",
        "bars": shapes,
        "peak": peak,
        "count_ticks": [{"count": n, "y": y(n)} for n in count_ticks(peak)],
        "year_ticks": [{"label": bar["label"][:4], "x": bar["x"]} for bar in starts[::every]],
        "first": bars[0][0],
        "last": bars[-1][0],
        "before": before,
        "before_url": query_string(params, date_to=(start_day - datetime.timedelta(days=1)).isoformat())
        if before
        else None,
        "after": after,
        "after_url": query_string(params, date_from=(end_day + datetime.timedelta(days=1)).isoformat())
        if after
        else None,
        "undated": count - sum(counts.values()),
        "gap_years": GAP_YEARS,
    }

"""A line chart as SVG geometry, computed on the server: the template draws it as it is, with
no script. Each point carries the address of the search it counts and its hover text (an SVG
<title>); the axes carry round tick values and labels; each line a colour (and, past the
palette, a dash) that the legend repeats."""

import math

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 28, 12, 40  # the plot's margins: room for the tick labels and axis titles
X_TICKS, Y_TICKS = 10, 5
# Okabe and Ito's colours, told apart by colour-blind readers too (yellow left out: too pale on white).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("", "6 3", "2 2")


def round_step(peak, ticks):
    """A step of 1, 2 or 5 × 10^n that divides 0..peak into at most about `ticks` parts."""
    if peak <= 0:
        return 1
    raw = peak / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def tick_label(value):
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def line_chart(labels, lines, y_title, x_title):
    """Geometry of a chart of `lines` ([{name, values, links, titles}], each list one entry per
    label; a value None is no point) over the x labels. A value of 0 is drawn on the line but
    gets no point: it links to no story."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    peak = max((v for line in lines for v in line["values"] if v is not None), default=0)
    step = round_step(peak, Y_TICKS)
    top = step * max(1, math.ceil(peak / step))
    slots = max(len(labels) - 1, 1)

    def x(i):
        return round(LEFT + (plot_w * i / slots if len(labels) > 1 else plot_w / 2), 1)

    def y(value):
        return round(TOP + plot_h - plot_h * value / top, 1)

    every = max(1, math.ceil(len(labels) / X_TICKS))
    drawn = []
    for number, line in enumerate(lines):
        points = [(i, v) for i, v in enumerate(line["values"]) if v is not None]
        drawn.append(
            {
                "name": line["name"],
                "colour": PALETTE[number % len(PALETTE)],
                "dash": DASHES[number // len(PALETTE) % len(DASHES)],
                "path": " ".join(f"{'M' if k == 0 else 'L'}{x(i)},{y(v)}" for k, (i, v) in enumerate(points)),
                "points": [
                    {"x": x(i), "y": y(v), "url": line["links"][i], "title": line["titles"][i]} for i, v in points if v
                ],
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "x_ticks": [{"x": x(i), "label": label} for i, label in enumerate(labels) if i % every == 0],
        "y_ticks": [{"y": y(v), "label": tick_label(v)} for v in (step * k for k in range(round(top / step) + 1))],
        "x_title": x_title,
        "y_title": y_title,
        "x_title_y": HEIGHT - 4,
        "y_title_x": 14,
        "y_title_y": TOP + plot_h / 2,
        "lines": drawn,
    }

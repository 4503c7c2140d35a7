"""Write a deterministic synthetic campaign (N pages, M members across lists, K statements, in L languages) for
benchmarks."""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 2018
WORDS = ("campaign vote member delegation notice police request border bank court rights journalist dissident "
         "assembly president candidate reform integrity cooperation country government office letter call press "
         "statement record evidence hearing committee senator minister agency report review data access abuse "
         "process appeal detention extradition warrant").split()
STATES = ("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
          "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY").split()
STANCES = ("supports", "opposes", "undecided", "unknown")
# The languages of a corpus written in several: the site's own first; each page and statement is translated into
# the others (the same text under the translation's file name: a builder's work does not depend on the words).
LANGUAGES = ("en", "fr", "es", "ar", "de")
LISTS = (("senate", "Senate (fictional)", "members of the Senate"),
         ("house", "House (fictional)", "members of the House"),
         ("delegations", "Delegations (fictional)", "member delegations"))

SITE_YML = """\
title: Benchmark Campaign
description: A synthetic campaign for measuring build speed.
base_url: https://example.org/
language: en
country: US
author: The benchmark campaign
ask: Vote for the fictional reform
deadline:
  date: 2030-06-01
  timezone: America/New_York
  event: The fictional vote
  place: Capitol City
nav:
  - {title: Background, link: pages/page-0001.md}
  - {title: Statements, link: /statements/}
  - {title: Who decides, link: /members/}
"""


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(sentences))


def page_name(index: int) -> str:
    return f"page-{index:04d}.md"


def page_body(rng: random.Random, index: int, pages: int) -> str:
    """About 5 KB of Markdown: headings, lists, links to other pages, a table and a blockquote."""
    others = [page_name(rng.randrange(1, pages + 1)) for _ in range(4)]
    parts = [paragraph(rng), f"## Section {index} background", paragraph(rng, 6),
             f"See [the related briefing]({others[0]}) and [the next step]({others[1]}#section).",
             "- " + sentence(rng) + "\n- " + sentence(rng) + f"\n- Read [more]({others[2]})\n- " + sentence(rng),
             "## What the record shows", paragraph(rng, 6),
             "| Country | Requests | Share |\n| --- | ---: | ---: |\n"
             + "\n".join(f"| {rng.choice(WORDS).title()} | {rng.randint(1, 900)} | {rng.randint(1, 99)}% |"
                         for _ in range(5)),
             "> " + paragraph(rng, 3) + "\n>\n> — A fictional witness",
             "### Details", paragraph(rng, 5),
             "1. " + sentence(rng) + "\n2. " + sentence(rng) + f"\n3. Compare [this page]({others[3]})",
             paragraph(rng, 5), "## What to do", paragraph(rng, 4),
             "Write to [the directory](/members/) or read the [statements](/statements/)."]
    return "\n\n".join(parts) + "\n"


def page_file(rng: random.Random, index: int, pages: int) -> str:
    day = 1 + index % 28
    front = (f"---\ntitle: \"Briefing {index}: {rng.choice(WORDS)} and {rng.choice(WORDS)}\"\n"
             f"date: 2030-{1 + index % 5:02d}-{day:02d}\nsummary: {sentence(rng)}\n"
             f"tags: [bench, {rng.choice(WORDS)}]\n---\n\n")
    return front + page_body(rng, index, pages)


def member_record(rng: random.Random, list_id: str, index: int) -> str:
    first, last = f"Alex{index}", f"Sample{list_id.title()}{index}"
    phone = f"+1 202 555 {index % 10000:04d}"
    region = rng.choice(STATES)
    return (f"  - id: {list_id}-{index}\n    name: {first} {last}\n    first_name: {first}\n    last_name: {last}\n"
            f"    title: Member\n    party: {rng.choice(('Independent', 'Democratic', 'Republican'))}\n"
            f"    region: {region}\n    country: US\n    phone: \"{phone}\"\n"
            f"    email: {list_id}{index}@example.org\n    website: https://example.org/{list_id}/{index}\n"
            f"    position: {{stance: {rng.choice(STANCES)}, date: 2030-01-{1 + index % 28:02d}}}\n")


def member_lists(rng: random.Random, members: int) -> dict[str, list[str]]:
    """List id → member ids, splitting `members` across the lists roughly 20/75/5 like a legislature."""
    sizes = [members // 5, members - members // 5 - members // 20, members // 20]
    ids, start = {}, 1
    for (list_id, _, _), size in zip(LISTS, sizes):
        ids[list_id] = [f"{list_id}-{i}" for i in range(start, start + size)]
        start += size
    return ids


def members_file(rng: random.Random, list_id: str, title: str, phrase: str, ids: list[str]) -> str:
    head = f"list:\n  title: {title}\n  country: US\n  group_phrase: {phrase}\nmembers:\n"
    return head + "".join(member_record(rng, list_id, int(i.rsplit("-", 1)[1])) for i in ids)


def statement_file(rng: random.Random, index: int, signers: list[str], pages: int) -> str:
    return (f"---\nsignatories: [{', '.join(signers)}]\ndate: 2030-05-{1 + index % 28:02d}\ndateline: CAPITOL CITY\n"
            f"headline: Urge Colleagues to Back Reform {index}\ndek: {sentence(rng)}\n---\n\n"
            f"> “{paragraph(rng, 3)}” said the members.\n\n## Background\n\n{paragraph(rng, 6)}\n\n"
            f"See [the briefing]({'../pages/' + page_name(1 + index % pages)}).\n")


def translated(name: str, language: str) -> str:
    """'page-0001.md' in French: 'page-0001.fr.md', beside its original."""
    stem, _, extension = name.rpartition(".")
    return f"{stem}.{language}.{extension}"


def write_translations(folder: Path, languages: int) -> None:
    """Every Markdown file of `folder` also in the corpus's other languages."""
    for original in sorted(folder.glob("*.md")):
        for language in LANGUAGES[1:languages]:
            (folder / translated(original.name, language)).write_bytes(original.read_bytes())


def write_corpus(root: Path, pages: int = 1000, members: int = 540, statements: int = 20, languages: int = 1) -> Path:
    """A complete project in `root` (replaced if present): content/, and the real templates/ and assets/."""
    rng = random.Random(SEED)
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    for folder in ("pages", "statements", "members"):
        (content / folder).mkdir(parents=True)
    for name in ("templates", "assets"):
        shutil.copytree(ROOT / name, root / name)
    others = f"languages: [{', '.join(LANGUAGES[1:languages])}]\n" if languages > 1 else ""
    (content / "site.yml").write_text(SITE_YML + others, encoding="utf-8")
    (content / "pages" / "index.md").write_text(
        "---\ntitle: Benchmark home\n---\n\n" + paragraph(rng) + "\n\nStart with [the background](page-0001.md).\n",
        encoding="utf-8")
    for index in range(1, pages + 1):
        (content / "pages" / page_name(index)).write_text(page_file(rng, index, pages), encoding="utf-8")
    lists = member_lists(rng, members)
    for list_id, title, phrase in LISTS:
        if lists[list_id]:
            (content / "members" / f"{list_id}.yml").write_text(
                members_file(rng, list_id, title, phrase, lists[list_id]), encoding="utf-8")
    senators = lists["senate"] or [i for ids in lists.values() for i in ids]
    for index in range(1, statements + 1):
        signers = rng.sample(senators, min(len(senators), rng.randint(2, 5)))
        (content / "statements" / f"statement-{index:03d}.md").write_text(
            statement_file(rng, index, signers, pages), encoding="utf-8")
    for folder in ("pages", "statements"):
        write_translations(content / folder, languages)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic campaign project for benchmarks.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--members", type=int, default=540)
    parser.add_argument("--statements", type=int, default=20)
    parser.add_argument("--languages", type=int, default=1, choices=range(1, len(LANGUAGES) + 1),
                        help="write every page and statement in this many languages (default 1)")
    args = parser.parse_args()
    write_corpus(args.root, args.pages, args.members, args.statements, args.languages)


if __name__ == "__main__":
    main()

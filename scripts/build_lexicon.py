"""Build the verify stage's synonym extract from the WordNet 3.0 database files.

The check may accept a changed word only when a vetted resource makes it equivalent to
the source's word. WordNet is that resource, but no PyPI package ships its database for
offline use (nltk's downloader needs the internet), so this script writes a compact
extract that the package carries: for each single-word lemma, the synsets of its few most
frequent senses (WordNet orders senses by tagged frequency), kept only where another
lemma shares one of them, plus verb -> noun nominalisations ("decide" -> "decision"),
plus the adjectives that negate their WordNet antonym by a prefix ("unlikely" of
"likely", "nonexistent" of "existent"; only "un-" and "non-"), so "not likely" can be
read as "unlikely".

A second, small extract names places: each demonym and the place it derives from
("Brazilian" -> "Brazil", "Dane" -> "Denmark"), from WordNet's own links, so the fact
checks can read "a student from Brazil" as the same name as "a Brazilian student":
an adjective's pertainym ("of or relating to") pointing at a location, and a person noun
glossed "a native or inhabitant of" that is a member of a location.

WordNet 3.0 is (c) 2006 Princeton University, under the WordNet 3.0 licence (permissive:
use, copy, modify and distribute with the copyright notice kept); the notice travels in
the extract. Debian ships the files as the ``wordnet-base`` package:

    apt-get install wordnet-base
    python scripts/build_lexicon.py [--wordnet /usr/share/wordnet] [--senses 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "rewrite_cli" / "verify" / "data"
OUT = DATA / "wordnet_senses.json.gz"
PLACES_OUT = DATA / "wordnet_places.json.gz"
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
NOTICE = ("WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. "
          "Extract made by scripts/build_lexicon.py under the WordNet 3.0 licence: "
          "https://wordnet.princeton.edu/license-and-commercial-use")
WORD = re.compile(r"^[a-z][a-z'-]*$")


def read_index(path: Path) -> dict[str, list[str]]:
    """lemma -> synset offsets, most frequent sense first."""
    out: dict[str, list[str]] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue  # licence header
        parts = line.split()
        lemma, _pos, synset_cnt, p_cnt = parts[0], parts[1], int(parts[2]), int(parts[3])
        offsets = parts[4 + p_cnt + 2:]
        out[lemma] = offsets[:synset_cnt]
    return out


def read_derivations(path: Path, pos: str) -> dict[str, set[tuple[str, str]]]:
    """synset offset -> (word, target offset + pos) for each derivational ('+') link."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        head, _, _ = line.partition(" | ")
        parts = head.split()
        offset, w_cnt = parts[0], int(parts[3], 16)
        words = [parts[4 + 2 * i].lower() for i in range(w_cnt)]
        k = 4 + 2 * w_cnt
        p_cnt = int(parts[k])
        for i in range(p_cnt):
            symbol, target, tpos, st = parts[k + 1 + 4 * i: k + 5 + 4 * i]
            if symbol != "+":
                continue
            source_word = int(st[:2], 16)
            if source_word:
                out[offset].add((words[source_word - 1], f"{tpos}:{target}"))
    return out


def build(wordnet: Path, senses: int) -> dict:
    table: dict[str, dict[str, list[str]]] = {}
    owners: dict[str, set[str]] = defaultdict(set)
    for pos, name in POS_FILES.items():
        index = read_index(wordnet / f"index.{name}")
        table[pos] = {}
        for lemma, offsets in index.items():
            if not WORD.match(lemma):
                continue
            keys = [f"{pos}:{o}" for o in offsets[:senses]]
            table[pos][lemma] = keys
            for key in keys:
                owners[key].add(lemma)
    shared = {key for key, lemmas in owners.items() if len(lemmas) > 1}
    ids = {key: i for i, key in enumerate(sorted(shared))}
    compact = {pos: {lemma: [ids[k] for k in keys if k in ids]
                     for lemma, keys in rows.items() if any(k in ids for k in keys)}
               for pos, rows in table.items()}
    # Each lemma's most frequent sense, where shared: two words are equivalent only in a
    # sense that is the main one of at least one of them (see Lexicon.equivalent).
    first = {pos: {lemma: ids[keys[0]] for lemma, keys in rows.items()
                   if keys and keys[0] in ids}
             for pos, rows in table.items()}
    # Nominalisations: a verb's two most frequent senses linked to a noun's two.
    verbs = read_index(wordnet / "index.verb")
    nouns = read_index(wordnet / "index.noun")
    links = read_derivations(wordnet / "data.verb", "v")
    derived: dict[str, list[str]] = {}
    for verb, offsets in verbs.items():
        if not WORD.match(verb):
            continue
        found = set()
        for offset in offsets[:2]:
            for word, target in links.get(offset, ()):
                tpos, toff = target.split(":")
                if word == verb and tpos == "n":
                    found |= {n for n in _owners_of(toff, nouns) if WORD.match(n)}
        if found:
            derived[verb] = sorted(found)
    return {"notice": NOTICE, "senses": senses, "synsets": compact, "first": first,
            "derived": derived, "negated": negated_antonyms(wordnet)}


# Only the prefixes that negate compositionally. "in-", "im-", "il-", "ir-" and "dis-" attach
# to Latin stems whose negation is often a word of its own: "not responsible" is not
# "irresponsible", nor "not credible" "incredible", and WordNet links both pairs by their
# main senses, so only leaving these prefixes out keeps such pairs apart.
NEGATING_PREFIXES = ("un", "non")


def negated_antonyms(wordnet: Path) -> dict[str, str]:
    """Adjective -> its direct WordNet antonym, where the adjective is that antonym with
    a negating prefix ("unlikely" -> "likely"). Only these: "not hot" is not "cold".

    Only where the antonym is the word's most frequent sense: "impartial" negates
    "partial" only in its rarer sense "biased", so "not partial" (incomplete) is not
    "impartial"."""
    synsets = read_synsets(wordnet / "data.adj")
    first = {lemma: offsets[0] for lemma, offsets in read_index(wordnet / "index.adj").items()
             if offsets}
    out: dict[str, str] = {}
    for _lex, words, pointers, _gloss in synsets.values():
        for symbol, target, _tpos, st in pointers:
            source, other = int(st[:2], 16), int(st[2:], 16)
            if symbol != "!" or not source or not other:
                continue
            word, antonym = words[source - 1].lower(), synsets[target][1][other - 1].lower()
            if (WORD.match(antonym) and any(word == p + antonym for p in NEGATING_PREFIXES)
                    and first.get(antonym) == target):
                out[word] = antonym
    return dict(sorted(out.items()))


def read_synsets(path: Path) -> dict[str, tuple[str, list[str], list[tuple[str, ...]], str]]:
    """synset offset -> (lexicographer file, words as written, pointers, gloss)."""
    out = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        head, _, gloss = line.partition(" | ")
        parts = head.split()
        w_cnt = int(parts[3], 16)
        words = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]) for i in range(w_cnt)]
        k = 4 + 2 * w_cnt
        pointers = [tuple(parts[k + 1 + 4 * i: k + 5 + 4 * i]) for i in range(int(parts[k]))]
        out[parts[0]] = (parts[1], words, pointers, gloss.strip())
    return out


LOCATION, PERSON = "15", "18"  # WordNet's lexicographer files noun.location, noun.person
NATIVE = "a native or inhabitant of"


def build_places(wordnet: Path) -> dict:
    """Demonyms and place names -> the locations they name (ids local to the extract).

    Only capitalised words on both ends, and only links WordNet itself makes: "French"
    pertains to "France", never to "Germany"; an ethnic group that is merely a member of a
    country ("Hutu" of "Rwanda") is left out, as its gloss is not "a native or inhabitant".
    """
    adjs = read_synsets(wordnet / "data.adj")
    nouns = read_synsets(wordnet / "data.noun")
    links: set[tuple[str, str]] = set()  # (demonym, location offset)
    for _lex, words, pointers, _gloss in adjs.values():
        for symbol, target, tpos, st in pointers:
            if symbol == "\\" and tpos == "n" and nouns[target][0] == LOCATION:
                source = int(st[:2], 16)
                links.update((w, target) for w in (words if not source else [words[source - 1]]))
    for lex, words, pointers, gloss in nouns.values():
        if lex != PERSON or not gloss.startswith(NATIVE):
            continue
        for symbol, target, tpos, _st in pointers:
            if symbol == "#m" and tpos == "n" and nouns[target][0] == LOCATION:
                links.update((w, target) for w in words)
    places: dict[str, set[str]] = defaultdict(set)
    for word, target in links:
        if word[:1].isupper():
            places[word.replace("_", " ").lower()].add(target)
    for target in {t for _, t in links}:
        for name in nouns[target][1]:
            if name[:1].isupper():
                places[name.replace("_", " ").lower()].add(target)
    ids = {t: i for i, t in enumerate(sorted({t for ts in places.values() for t in ts}))}
    return {"notice": NOTICE, "places": {p: sorted(ids[t] for t in ts)
                                         for p, ts in sorted(places.items())}}


_NOUN_OWNERS: dict[str, list[str]] = {}


def _owners_of(offset: str, nouns: dict[str, list[str]]) -> list[str]:
    """The nouns whose two most frequent senses include ``offset``."""
    if not _NOUN_OWNERS:
        for noun, offsets in nouns.items():
            for o in offsets[:2]:
                _NOUN_OWNERS.setdefault(o, []).append(noun)
    return _NOUN_OWNERS.get(offset, [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--senses", type=int, default=3,
                        help="how many of each word's most frequent senses to keep")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--places-out", type=Path, default=PLACES_OUT)
    args = parser.parse_args(argv)
    if not (args.wordnet / "index.noun").is_file():
        print(f"error: no WordNet database in {args.wordnet} (apt-get install wordnet-base)",
              file=sys.stderr)
        return 2
    data = build(args.wordnet, args.senses)
    _write(args.out, data)
    counts = {pos: len(rows) for pos, rows in data["synsets"].items()}
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB): {counts}, "
          f"{len(data['derived'])} verbs with nominalisations")
    places = build_places(args.wordnet)
    _write(args.places_out, places)
    print(f"wrote {args.places_out} ({args.places_out.stat().st_size // 1024} KiB): "
          f"{len(places['places'])} demonyms and place names")
    return 0


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")
    with gzip.GzipFile(path, "wb", mtime=0) as fh:  # mtime 0: the same bytes every build
        fh.write(raw)


if __name__ == "__main__":
    sys.exit(main())

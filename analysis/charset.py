"""Which text encoding a file is in, decided on samples spread through the whole file.

A file that is not UTF-8 decodes without error in several encodings (Windows-1252 and Latin-1
decode any byte; "Müller" in Windows-1252 is valid GB18030, "M黮ler"), so validity alone cannot
decide. Each candidate's reading of the sampled text is scored by how much of its non-ASCII text
looks like no real text does: an ideograph between two Latin letters, accented letters in runs
with no plain letter beside them ("¿Í»§" is Chinese read as Windows-1252), UTF-8 read as a code
page ("Ã¼"), bytes that do not decode, private-use characters. The candidate with the least of
it wins; another one close to it, or a winner that still reads oddly, makes the guess uncertain,
and the values the readings differ on are kept for the user to choose between.

Everything here works on a sample of some 0.5 MB (the head and evenly spaced windows), with
numpy over the decoded characters: no loop over rows or characters.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

HEAD_BYTES = 64 * 1024           # the head ...
WINDOWS = 32                     # ... and evenly spaced windows after it ...
WINDOW_BYTES = 4 * 1024          # ... of this many bytes each: some 190 KB in all
MIN_NON_ASCII = 64               # fewer non-ASCII bytes in the sample: windows around the file's own
# Codecs tried on every file that is not wholly UTF-8, in the order preferred on a tie.
CANDIDATES = ("utf-8", "gb18030", "cp1252", "latin-1")
# The winner is uncertain when another candidate's odd share is within this of its own, or when
# its own is above UNSURE_ODD (a mixed file, or an encoding not among the candidates).
CLOSE_ODD, UNSURE_ODD = 0.15, 0.10
# Above this the candidates all read oddly: charset_normalizer's guess (Cyrillic, Greek, Japanese
# … code pages) is tried as well.
NONE_FIT_ODD = 0.15
UTF8_MAJORITY_ODD = 0.5          # UTF-8's reading at most this odd: a UTF-8 file, with some rows that are not
RARE_WEIGHT = 0.3                # how odd an uncommon ideograph counts, away from Latin letters
IMPLAUSIBLE_ODD = 0.9            # a reading this odd is never offered as an alternative
EXAMPLES = 5                     # values shown per uncertain file

# The encodings a user can choose, with the catalogue key of each one's name. Codecs found by
# detection that are not listed are shown under "encoding.other".
CHOICES = {
    "utf-8": "encoding.utf-8", "utf-8-sig": "encoding.utf-8-sig", "utf-16": "encoding.utf-16",
    "gb18030": "encoding.gb18030", "big5": "encoding.big5", "cp1252": "encoding.cp1252",
    "latin-1": "encoding.latin-1", "cp1250": "encoding.cp1250", "cp1251": "encoding.cp1251",
    "shift_jis": "encoding.shift_jis", "euc_kr": "encoding.euc_kr",
}


@dataclass(frozen=True)
class EncodingGuess:
    """How a text file's encoding was decided.

    `encoding` is the codec the file is read in; `whole_valid` whether every byte is known to
    decode (checked at once for UTF-8; for other codecs the read finds the rows that do not);
    `by_user` whether the user chose it; `odd` the share of the sample's non-ASCII characters
    that read oddly in it (0 = all plausible); `others` the other codecs whose reading is close
    enough to consider, best first; `examples` values the readings differ on, each as the text
    in `encoding` followed by its text in each of `others`."""
    encoding: str
    whole_valid: bool = True
    by_user: bool = False
    odd: float = 0.0
    others: tuple[str, ...] = ()
    examples: tuple[tuple[str, ...], ...] = ()

    @property
    def uncertain(self) -> bool:
        return bool(self.others)

    def to_json(self) -> dict:
        return {"encoding": self.encoding, "by_user": self.by_user, "odd_share": round(self.odd, 4),
                "uncertain": self.uncertain, "others": list(self.others), "examples": [list(e) for e in self.examples]}


def canonical(codec: str) -> str:
    """A codec's name as CHOICES spells it ("windows-1252" → "cp1252", "GBK" → "gb18030" is not
    done: GBK is a subset, but a user who names it gets it); LookupError for an unknown codec."""
    import codecs
    name = codecs.lookup(codec).name
    spelled = {"iso8859-1": "latin-1", "utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "euc_kr": "euc_kr",
               "shift_jis": "shift_jis"}
    return spelled.get(name, name)


# --- the sample ---------------------------------------------------------------------------
def sample(data: bytes) -> bytes:
    """The head and WINDOWS evenly spaced windows of the file, each window starting after a line
    break (a line break never falls inside a character in the codecs tried: their multi-byte
    characters use no byte below 0x30) and cut at its last one. When those hold almost no
    non-ASCII byte, windows around the file's first non-ASCII bytes are added: the sample must
    see what the encoding is about."""
    parts = [_whole_lines(data[:HEAD_BYTES], len(data) <= HEAD_BYTES)]
    if len(data) > HEAD_BYTES + WINDOW_BYTES:
        for start in np.linspace(HEAD_BYTES, len(data) - WINDOW_BYTES, WINDOWS).astype(np.int64):
            parts.append(_window(data, int(start)))
    joined = b"\n".join(p for p in parts if p)
    if _non_ascii_count(joined) < MIN_NON_ASCII and len(data) > len(joined):
        high = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) >= 0x80)
        if len(high):
            picks = high[np.linspace(0, len(high) - 1, min(len(high), WINDOWS)).astype(np.int64)]
            joined += b"\n" + b"\n".join(_window(data, max(0, int(p) - WINDOW_BYTES // 2)) for p in np.unique(picks))
    return joined


def _whole_lines(chunk: bytes, at_end: bool) -> bytes:
    if at_end:
        return chunk
    cut = chunk.rfind(b"\n")
    return chunk[:cut] if cut > 0 else chunk


def _window(data: bytes, start: int) -> bytes:
    chunk = data[start:start + WINDOW_BYTES]
    if start:
        first = chunk.find(b"\n")
        chunk = chunk[first + 1:] if first >= 0 else b""
    return _whole_lines(chunk, start + WINDOW_BYTES >= len(data))


def _non_ascii_count(data: bytes) -> int:
    return int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8) >= 0x80)) if data else 0


# --- scoring ------------------------------------------------------------------------------
@functools.cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """(is a Latin letter, is a common Chinese character) for every code point of the Basic
    Multilingual Plane: Latin letters of U+00C0–U+024F and Windows-1252's (Š, Œ, Ÿ, ƒ …); the
    common characters are GB2312's symbols and its 3,755 first-level hanzi, which a real Chinese
    export writes nearly all its text in (Cyrillic in Windows-1251, read as GB18030, falls on
    GB2312's second level)."""
    letters = np.zeros(0x10000, dtype=bool)
    for cp in range(0xC0, 0x250):
        letters[cp] = unicodedata.category(chr(cp)).startswith("L")
    for ch in "ŠšŒœŽžŸƒ":
        letters[ord(ch)] = True
    gb2312 = np.zeros(0x10000, dtype=bool)
    pairs = np.array([[a, b] for a in [*range(0xA1, 0xAA), *range(0xB0, 0xD8)] for b in range(0xA1, 0xFF)], dtype=np.uint8)
    text = np.insert(pairs, 2, 0x0A, axis=1).tobytes().decode("gb2312", errors="replace")
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    gb2312[points[points < 0x10000]] = True
    gb2312[0xFFFD] = False
    return letters, gb2312


# cp1252's characters for bytes 0x80–0xBF (None where it has none): the second byte of UTF-8's
# two-byte characters, which "Ã¼"-style mojibake is made of.
_CONTINUATION = np.zeros(0x10000, dtype=bool)
for _byte in range(0x80, 0xC0):
    try:
        _CONTINUATION[ord(bytes([_byte]).decode("cp1252"))] = True
    except UnicodeDecodeError:
        pass


def odd_share(text: str) -> tuple[float, int]:
    """(share of the non-ASCII characters of `text` that read as no real text does, how many
    non-ASCII characters there are). See the module's docstring for what counts as odd."""
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)   # (lone surrogates: odd)
    high = cp >= 0x80
    n_high = int(high.sum())
    if not n_high:
        return 0.0, 0
    letters, common = _tables()
    bmp = np.minimum(cp, 0xFFFF)
    lower = cp | 0x20
    ascii_letter = (cp < 0x80) & (lower >= 0x61) & (lower <= 0x7A)
    # runs of consecutive non-ASCII characters: each character's run, its length, and whether
    # an ASCII letter stands just before or after the run
    start = high & ~np.concatenate([[False], high[:-1]])
    run = np.cumsum(start) - 1
    lengths = np.bincount(run[high])
    starts, ends = np.flatnonzero(start), np.flatnonzero(high & ~np.concatenate([high[1:], [False]]))
    before = np.zeros(len(starts), dtype=bool)
    before[starts > 0] = ascii_letter[starts[starts > 0] - 1]
    after = np.zeros(len(ends), dtype=bool)
    inner = ends < len(cp) - 1
    after[inner] = ascii_letter[ends[inner] + 1]
    run_of, length = run[high], lengths[run[high]]
    touches, sandwiched = (before | after)[run_of], (before & after)[run_of]
    c = cp[high]
    latin = (c < 0x250) | _CONTINUATION[bmp[high]]
    letter = letters[bmp[high]]
    cjk = ((c >= 0x2E80) & (c <= 0x9FFF)) | ((c >= 0xF900) & (c <= 0xFAFF)) | ((c >= 0xFF00) & (c <= 0xFFEF)) \
        | (c >= 0x20000)
    ideograph = ((c >= 0x3400) & (c <= 0x9FFF)) | (c >= 0x20000)
    rare = ideograph & ~common[bmp[high]]
    broken = ((c >= 0xD800) & (c <= 0xDFFF)) | ((c >= 0xE000) & (c <= 0xF8FF)) | (c == 0xFFFD) \
        | ((c >= 0x80) & (c < 0xA0))
    odd = broken.astype(np.float64)
    odd[latin & (length >= 3)] = 1                        # "¿Í»§±àºÅ"
    odd[latin & letter & ~touches & (length >= 2)] = 1    # "ÄÐ" alone in a cell (男); "à" alone is French
    odd[latin & ~letter & (length >= 2)] = 1              # a symbol inside a run: "Ã¼", "Ã©"
    # UTF-8 read as a code page: a lead byte's letter (Â–ß) before a continuation byte's character
    seq = np.flatnonzero((c[:-1] >= 0xC2) & (c[:-1] <= 0xDF) & _CONTINUATION[bmp[high][1:]]
                         & (run_of[:-1] == run_of[1:]))
    odd[seq] = odd[seq + 1] = 1
    odd[cjk & sandwiched & (length <= 2)] = 1             # "M黮ler"
    # Not a common character and beside a Latin letter: a GBK character whose second byte is that letter
    # ("Ren閑" of "Renée"). Elsewhere such characters count a little: real Chinese exports hold
    # few (a rare name), UTF-8 Chinese read as GB18030 about half, Traditional Chinese many.
    odd[rare & touches] = 1
    odd[rare & ~touches] = np.maximum(odd[rare & ~touches], RARE_WEIGHT)
    return float(odd.sum()) / n_high, n_high


def _readings(data: bytes, codecs_: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for codec in codecs_:
        try:
            # bytes that do not decode read as U+FFFD, an odd character (and a fast error handler)
            out[codec] = data.decode(codec, errors="replace")
        except (LookupError, UnicodeError):
            continue
    return out


def guess(data: bytes) -> EncodingGuess:
    """The encoding of a file that is not wholly UTF-8 (the caller checks that first: it is
    the one encoding validity decides)."""
    sampled = sample(data)
    readings = _readings(sampled, CANDIDATES)
    scores = _scores(readings)
    best = min(scores, key=lambda k: (round(scores[k], 3), CANDIDATES.index(k)))
    if scores.get("utf-8", 1.0) <= UTF8_MAJORITY_ODD:
        # Most of the non-ASCII text is valid UTF-8, which other encodings make only by chance
        # (GB18030 read as UTF-8: 0.82 odd, Windows-1252: 1.0). UTF-8 then, even where a code
        # page reads its mojibake plausibly ("MĂĽller" in Windows-1250): the rows that are not
        # UTF-8 are numbered when the file is read.
        best = "utf-8"
    elif scores[best] > NONE_FIT_ODD:
        found = _charset_normalizer(sampled)
        if found is not None and found not in scores:
            readings.update(_readings(sampled, (found,)))
            if found in readings:
                scores[found] = odd_share(readings[found])[0]
                # its own reading is trusted over ours where ours all read oddly
                if scores[found] < scores[best] or scores[found] <= NONE_FIT_ODD * 2:
                    best = found
    close = [k for k in sorted(scores, key=lambda k: scores[k]) if k != best and readings[k] != readings[best]
             and scores[k] < IMPLAUSIBLE_ODD and (scores[k] - scores[best] <= CLOSE_ODD or scores[best] > UNSURE_ODD)]
    # one codec per distinct reading (Latin-1 reads as Windows-1252 without bytes 0x80-0x9F),
    # and only the readings that differ from the winner's on some value the user can be shown
    close = [k for i, k in enumerate(close) if all(readings[k] != readings[j] for j in close[:i])]
    others = tuple(k for k in close if differing(sampled, (best, k), 1))
    examples = differing(sampled, (best, *others)) if others else ()
    return EncodingGuess(best, whole_valid=False, odd=scores[best], others=others, examples=examples)


def _scores(readings: dict[str, str]) -> dict[str, float]:
    """odd_share of each reading. Two shortcuts: a reading the same as one already scored
    (Latin-1 and Windows-1252 read alike without bytes 0x80-0x9F) takes its score, and one whose
    undecodable bytes alone make it too odd to be close to a sure best so far is not scored in
    full (UTF-8's reading of a GB18030 file: 0.82 by the full score, at least 0.5 from U+FFFD)."""
    scores: dict[str, float] = {}
    for codec in sorted(readings, key=lambda c: c == "utf-8"):     # UTF-8 last: the others set the bar
        text = readings[codec]
        same = next((k for k in scores if readings[k] == text), None)
        if same is not None:
            scores[codec] = scores[same]
            continue
        high = len(text) - len(text.encode("ascii", "ignore"))
        floor = text.count("\ufffd") / max(1, high)
        best = min(scores.values(), default=1.0)
        if best <= UNSURE_ODD and floor > best + CLOSE_ODD:
            scores[codec] = max(floor, IMPLAUSIBLE_ODD)     # never close, never offered
            continue
        scores[codec] = odd_share(text)[0]
    return scores


def _charset_normalizer(data: bytes) -> str | None:
    from charset_normalizer import from_bytes
    found = from_bytes(data).best()
    if found is None:
        return None
    try:
        return canonical(found.encoding)
    except LookupError:
        return None


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TOKEN = re.compile(rb'[^\s,;\t"|]*[\x80-\xff][^\s,;\t"]*')


def differing(data: bytes, codecs_: tuple[str, ...], n: int = EXAMPLES) -> tuple[tuple[str, ...], ...]:
    """Up to `n` distinct runs of the sample's non-ASCII text (words, as the delimiters and
    spaces cut them) that the codecs read differently, each as its reading in every codec."""
    tokens = list(dict.fromkeys(_TOKEN.findall(data)))
    out = []
    for token in tokens:
        readings = tuple(token.decode(c, errors="replace").strip("|") for c in codecs_)
        # a reading with control characters (Latin-1's C1 codes for Windows-1252's € and quotes)
        # is never the one meant, and shows nothing on screen
        if len(set(readings)) > 1 and not any(_CONTROL.search(r) for r in readings):
            out.append(readings)
            if len(out) == n:
                break
    return tuple(out)


def describe(codec: str, lang: str = "en") -> str:
    """The encoding's name for people ("Western European (Windows-1252)"), from the catalogue;
    a codec the catalogue does not name is shown as "another encoding (name)"."""
    from i18n import t
    try:
        key = CHOICES.get(canonical(codec))
    except LookupError:
        key = None
    return t(key, lang) if key else t("encoding.other", lang, codec=codec)

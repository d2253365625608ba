"""Officials' own wording, read from the questions they asked about a procedure (issue 15).

A question answered with a procedure pairs how an official put it ("Đăng ký logo cho công ty ở
đâu?") with the record's name ("Thủ tục đăng ký nhãn hiệu"). ``suggest_pair`` lines the two up
word by word (in search form) and offers the first place where they differ: what the question
says there ("logo") and what the name says ("nhãn hiệu"), a candidate synonym for staff to
review; ``alias`` offers the question's wording as another name of the whole procedure. Nothing
is written here: the admin links to the abbreviation table's form, filled in (questions/admin.py).
"""

from difflib import SequenceMatcher

from procedures.text import search_exact, search_form

# Words of asking, not of what is asked about (search form).
QUESTION_WORDS = {
    *("ai", "bao", "cac", "can", "chi", "cho", "co", "cua", "de", "dau", "di", "duoc", "em", "gi"),
    *("hay", "hoi", "khi", "khong", "la", "lau", "ma", "minh", "nao", "nay", "nop", "nhu"),
    *("nhung", "o", "phai", "sao", "tai", "the", "thi", "toi", "va", "ve", "voi", "vay", "a", "u"),
}
OPENING = ("thu", "tuc")
TERM_WORDS = 4  # a synonym is a short phrase
MEANING_WORDS = 8
ALIAS_LENGTH = 50  # Synonym.term's length


def _words(text: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` as written (lower case, diacritics kept) and in search form."""
    exact = search_exact(text).split()
    folded = [search_form(word) for word in exact]
    return exact, folded


def _trimmed(words: list[str], folded: list[str], limit: int) -> str:
    """The words from the first that is not a word of asking up to the next one, at most
    ``limit`` of them."""
    kept: list[str] = []
    for word, form in zip(words, folded, strict=True):
        if form in QUESTION_WORDS:
            if kept:
                break
            continue
        kept.append(word)
        if len(kept) == limit:
            break
    return " ".join(kept)


def suggest_pair(question: str, name: str) -> tuple[str, str]:
    """(what the question says, what the name says) where they first differ, both trimmed of
    words of asking; ("", "") when the question has nothing the name puts otherwise."""
    asked, asked_forms = _words(question)
    named, named_forms = _words(name)
    if tuple(named_forms[:2]) == OPENING:
        named, named_forms = named[2:], named_forms[2:]
    matcher = SequenceMatcher(a=asked_forms, b=named_forms, autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag != "replace":
            continue
        # One word for one: with the word both go on with ("làm lại" for "cấp lại").
        if (
            a_end - a_start == b_end - b_start == 1
            and a_end < len(asked_forms)
            and b_end < len(named_forms)
            and asked_forms[a_end] == named_forms[b_end]
        ):
            a_end, b_end = a_end + 1, b_end + 1
        term = _trimmed(asked[a_start:a_end], asked_forms[a_start:a_end], TERM_WORDS)
        meaning = _trimmed(named[b_start:b_end], named_forms[b_start:b_end], MEANING_WORDS)
        if term and meaning and search_form(term) != search_form(meaning):
            return term, meaning
    return "", ""


def alias(question: str) -> str:
    """The question's wording without its words of asking, if short enough to be another name
    of its procedure ("" otherwise)."""
    words, folded = _words(question)
    kept = [w for w, f in zip(words, folded, strict=True) if f not in QUESTION_WORDS]
    text = " ".join(kept)
    return text if 0 < len(text) <= ALIAS_LENGTH else ""

"""`Line.words` is stored packed (`model.Words`) but reads as the sequence of `Word`s it was given."""

from __future__ import annotations

import pickle

import pytest

from kentparse.model import Line, Word, Words

WORDS = (Word("Adult", 70.9, 95.5), Word("Social", 98.25, 127.0), Word("£35.4m", 400.0, 431.12))


def test_a_line_packs_its_words_and_reads_them_back() -> None:
    line = Line("Adult Social £35.4m", 3, None, (70.9, 100.0, 431.12, 110.0), WORDS)
    assert isinstance(line.words, Words)
    assert list(line.words) == list(WORDS)
    assert len(line.words) == 3
    assert line.words[0] == Word("Adult", 70.9, 95.5)
    assert line.words[-1] == Word("£35.4m", 400.0, 431.12)
    assert line.words[1:] == WORDS[1:]


def test_packed_words_equal_the_tuple_they_were_made_from() -> None:
    packed = Words(WORDS)
    assert packed == WORDS
    assert packed == Words(list(WORDS))
    assert packed != Words(WORDS[:2])
    assert packed != Words((*WORDS[:2], Word("£35.4m", 400.0, 431.13)))
    assert Line("a", 1, words=WORDS) == Line("a", 1, words=list(WORDS))
    assert hash(Line("a", 1, words=WORDS)) == hash(Line("a", 1, words=list(WORDS)))


def test_a_line_without_words_keeps_the_empty_tuple() -> None:
    assert Line("text", 1, 4).words == ()
    assert not Line("text", 1, 4).words


def test_an_index_past_the_end_raises_index_error() -> None:
    with pytest.raises(IndexError):
        Words(WORDS)[3]
    with pytest.raises(IndexError):
        Words(WORDS)[-4]


def test_words_and_lines_survive_pickling_between_processes() -> None:
    line = Line("Adult Social £35.4m", 3, None, (70.9, 100.0, 431.12, 110.0), WORDS)
    copy = pickle.loads(pickle.dumps(line))
    assert copy == line
    assert isinstance(copy.words, Words)
    assert [(word.text, word.x0, word.x1) for word in copy.words] == [(w.text, w.x0, w.x1) for w in WORDS]


def test_texts_of_any_characters_keep_their_boundaries() -> None:
    words = (Word("a\x1fb", 1.0, 2.0), Word("", 3.0, 3.0), Word("ﬁnance", 4.0, 9.0))
    assert list(Words(words)) == list(words)

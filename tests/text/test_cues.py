import re

from pipeline.text.cues import alternation, compile_cues


def test_plain_cue_matches_at_a_word_start_and_runs_on():
    pattern = compile_cues(["Steun", "sanctie"])
    assert pattern.search("nederland steunt dit")
    assert pattern.search("het dertiende sanctiepakket")
    assert not pattern.search("ondersteuning")  # not inside a word


def test_star_cue_matches_inside_a_word():
    pattern = compile_cues(["*veehouderij"])
    assert pattern.search("de melkveehouderij")


def test_regex_cue_is_its_own_group():
    pattern = compile_cues(["re:\\bnam\\b.{0,60}\\baan\\b", "re:\\bxx\\b|\\byy\\b", "zzz"])
    assert pattern.search("de raad nam de conclusies aan")
    assert not pattern.search("de raad nam kennis van het voorstel")
    assert len(pattern.findall("xx yy zzz")) == 3


def test_no_cues_no_pattern():
    assert compile_cues([]) is None


def test_alternation_tries_longest_first():
    pattern = re.compile(alternation(["tot", "tot en met", "t/m"]))
    assert pattern.match("tot en met maart").group() == "tot en met"

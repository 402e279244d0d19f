from pipeline.text.facts import dutch_facts, english_facts, missing_facts


def kinds(facts):
    return sorted((f.kind, f.text) for f in facts)


def test_dutch_facts_of_each_kind():
    facts = dutch_facts("Op 15 december sprak de Raad over 1,2 miljard euro (Kamerstuk 21 501-20, nr. 2003) "
                        "en in maart volgt meer.")
    assert kinds(facts) == [("date", "15 december"), ("month", "maart"), ("number", "1,2 miljard"),
                            ("reference", "21 501-20, nr. 2003")]


def test_faithful_translation_loses_nothing():
    facts = dutch_facts("Op 15 december ging 1,2 miljard euro naar drie lidstaten; in maart volgt meer.")
    assert missing_facts(facts, "On December 15, EUR 1.2 billion went to three member states; more in March.") == []
    assert missing_facts(facts, "On 15th of December 1.2 billion euros went to 3 states; more follows in march.") == []


def test_lost_and_changed_facts_are_reported():
    facts = dutch_facts("Op 15 december ging 1,2 miljard euro naar Oekraïne, zie 21 501-20, nr. 2003.")
    lost = missing_facts(facts, "On 16 December 1.2 million euros went to Ukraine.")
    assert kinds(lost) == [("date", "15 december"), ("number", "1,2 miljard"), ("reference", "21 501-20, nr. 2003")]


def test_english_facts_need_a_capitalised_month_before_the_day():
    assert kinds(english_facts("On May 5 the Council met.")) == [("date", "May 5")]
    assert kinds(english_facts("Member states may 5 times object.")) == [("number", "5")]
    assert kinds(english_facts("In March, 40% agreed.")) == [("month", "March"), ("number", "40")]

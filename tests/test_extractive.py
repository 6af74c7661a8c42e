"""The extractive summariser: PacSum (default), Lead-k and TextRank rankings; word budget, whole
sentences only, article order, fast on huge texts."""

from __future__ import annotations

import re

import pytest

from summarize.engines.summarizers.extractive import BLOCK, ExtractiveSummarizer, is_whole_sentence, rank, rank_pacsum

SENTENCES = [
    "The ceasefire talks in Doha resumed on Monday.",
    "The weather was mild.",
    "Negotiators in Doha said the ceasefire talks made progress.",
    "A football match ended in a draw.",
    "The Taliban and the government discussed the ceasefire in Doha.",
]


def test_central_sentences_win_and_order_is_kept():
    order = rank(SENTENCES)
    assert set(order[:3]) == {0, 2, 4}
    summary = ExtractiveSummarizer(sentences=3, algorithm="textrank", min_words=None).summarize(SENTENCES)
    assert summary.sentences == [SENTENCES[0], SENTENCES[2], SENTENCES[4]]
    assert summary.chunking["chunked"] is False


def test_identical_sentences_tie_break_toward_the_lead():
    assert rank(["Same words here.", "Same words here.", "Same words here."]) == [0, 1, 2]


def test_empty_and_wordless_sentences():
    assert rank([]) == []
    assert ExtractiveSummarizer(sentences=2).summarize(["...", "!!!"]).sentences == ["...", "!!!"]


@pytest.mark.parametrize("algorithm", ["pacsum", "textrank"])
def test_huge_text_is_ranked_in_blocks(monkeypatch, algorithm):
    # the regression: one n x n graph over every sentence took minutes and tens of GB on a 5 MB text
    from summarize.engines.summarizers import extractive

    sizes = []
    real = extractive.similarity
    monkeypatch.setattr(extractive, "similarity", lambda s: sizes.append(len(s)) or real(s))
    many = [f"Sentence {i} mentions topic{i % 37} and region{i % 11} near river{i % 5}." for i in range(20 * BLOCK)]
    summary = ExtractiveSummarizer(sentences=5, words=None, algorithm=algorithm, min_words=None).summarize(many)
    assert max(sizes) <= BLOCK and sum(sizes) < 2 * len(many)
    assert len(summary.sentences) == 5 and summary.chunking["chunked"] is True
    assert summary.chunking["rounds"][0] == 20 and summary.chunking["rounds"][-1] == 1
    positions = [many.index(s) for s in summary.sentences]
    assert positions == sorted(positions)


def test_repeated_sentences_are_summarised_once():
    # a user's report: one sentence repeated 60,000 times gave a brief of five identical sentences
    repeated = ["Floods closed the main road on Monday."] * 60_000
    summary = ExtractiveSummarizer(sentences=5).summarize(repeated)
    assert summary.sentences == [repeated[0]] and summary.chunking["repeated_sentences_dropped"] == 59_999
    pasted = SENTENCES + ["the ceasefire talks in Doha  resumed on Monday."] + SENTENCES[1:3]
    summary = ExtractiveSummarizer(sentences=5, words=None).summarize(pasted)
    assert summary.sentences == SENTENCES  # the repeats (case and spacing aside) are not picked again


# ---- PacSum, the word budget and whole sentences ----------------------------------------------

LEAD_STORY = [
    "Floods cut the road to Jalalabad on Monday.",  # the lead: later sentences return to it
    "Rain fell for three days across the province.",
    "Trucks waited at the flooded road near Jalalabad.",
    "Engineers said the road to Jalalabad would reopen on Friday.",
    "A local market reopened.",
]


def test_pacsum_favours_the_sentence_later_ones_return_to():
    # sentence 0 shares "road"/"Jalalabad" with 2 and 3 that follow it; 2 and 3 only repeat it
    order = rank_pacsum(LEAD_STORY)
    assert order[0] == 0
    assert order.index(2) > order.index(0) and order.index(3) > order.index(0)
    assert rank_pacsum([]) == [] and rank_pacsum(["One."]) == [0]


def test_pacsum_penalises_a_sentence_that_only_repeats_earlier_ones():
    # the same two sentences in either order: the later copy-like sentence ranks below the earlier
    a = "Floods cut the road to Jalalabad on Monday."
    b = "The road to Jalalabad was cut by floods, officials said."
    assert rank_pacsum([a, b, "Markets opened."])[0] == 0
    assert rank_pacsum([b, a, "Markets opened."])[0] == 0


def test_word_budget_skips_a_sentence_that_would_overflow():
    long = "The council " + "met and talked " * 30 + "about the road."
    text = ["Floods cut the road on Monday.", long, "Rain fell for three days.", "Trucks waited."]
    summary = ExtractiveSummarizer(sentences=3, words=20, algorithm="lead").summarize(text)
    assert summary.sentences == [text[0], text[2], text[3]]
    assert ExtractiveSummarizer(sentences=3, words=None, algorithm="lead").summarize(text).sentences == text[:3]
    # the first pick always counts, even when it alone is over the budget
    assert ExtractiveSummarizer(sentences=1, words=5, algorithm="lead").summarize([long]).sentences == [long]


def test_pieces_cut_from_an_over_long_sentence_are_not_picked():
    from summarize.text.segment import cut_long_sentence

    run_on = "Officials said " + ", ".join(f"village {i} was flooded" for i in range(40)) + "."
    pieces = cut_long_sentence(run_on)
    assert len(pieces) > 1 and not any(is_whole_sentence(p) for p in pieces[:-1])
    text = pieces + ["Floods cut the road on Monday.", "Rain fell for three days."]
    summary = ExtractiveSummarizer(sentences=2, words=None, algorithm="lead").summarize(text)
    assert summary.sentences == text[:-1]  # the run-on whole, as one pick (never a piece alone), then one more
    too_long = cut_long_sentence("Officials said " + ", ".join(f"village {i} was flooded" for i in range(60)) + ".")
    summary = ExtractiveSummarizer(sentences=2, words=None, algorithm="lead").summarize(too_long + text[-2:])
    assert summary.sentences == text[-2:]  # over twice the default budget: not a sentence to brief
    assert is_whole_sentence('"We will rebuild," he said.') and is_whole_sentence("(AP) Rain fell.")
    assert not is_whole_sentence("and the road was closed.") and not is_whole_sentence("Officials said the road,")


def test_one_sentence_of_a_quotation_is_not_picked_alone():
    from summarize.text.segment import split_sentences

    text = split_sentences('Dr. Amina Rauf arrived in Kabul on Monday. "We have made progress. Much remains to be '
                           'done," she told reporters. The talks resume on Friday. Rain fell in the city.')
    assert text[1] == '"We have made progress.' and not is_whole_sentence(text[1])
    assert not is_whole_sentence('Much remains to be done,” she told reporters.')
    assert not is_whole_sentence("«ما پیشرفت کرده‌ایم.") and is_whole_sentence('He said "no" and left.')
    summary = ExtractiveSummarizer(sentences=3, words=None, algorithm="lead").summarize(text)
    assert summary.sentences == [text[0], text[3], text[4]]


def test_defaults_and_unknown_algorithm():
    s = ExtractiveSummarizer()
    assert (s.algorithm, s.sentences, s.words) == ("pacsum", 3, 90)
    assert s.describe()["algorithm"] == "pacsum"
    with pytest.raises(ValueError, match="unknown extractive algorithm"):
        ExtractiveSummarizer(algorithm="bert")


def test_a_sentence_that_introduces_a_list_is_never_picked():
    # a fresh user's report: "Key figures from the State Bank of Pakistan (SBP):" was a brief's
    # second sentence, the list it introduced left behind
    sentences = [
        "The rupee fell to a record low against the dollar on Monday, dealers said.",
        "Key figures from the State Bank of Pakistan (SBP):",
        "The finance ministry said talks with the IMF would resume next week.",
        "Analysts expect the rupee to stabilise once the money arrives.",
    ]
    assert not is_whole_sentence(sentences[1])
    for algorithm in ("lead", "pacsum", "textrank"):
        summary = ExtractiveSummarizer(sentences=3, algorithm=algorithm).summarize(sentences)
        assert sentences[1] not in summary.sentences and len(summary.sentences) == 3, algorithm
    # a text of nothing else is still summarised
    assert ExtractiveSummarizer(sentences=1).summarize(["Figures:", "More figures:"]).sentences


def test_a_quotation_with_no_speaker_is_never_picked():
    # a fresh user's brief: '"Our house fell on my children."', its speaker in the sentence before
    sentences = [
        "A magnitude 6.3 earthquake struck western Afghanistan on Saturday, officials said.",
        '"We have lost everything," said Gul Ahmad, a farmer from Zinda Jan district.',
        '"Our house fell on my children."',
        "Rescue teams reached the worst-hit villages by Saturday evening.",
    ]
    assert not is_whole_sentence(sentences[2]) and not is_whole_sentence("‘It is sad news.’")
    assert is_whole_sentence(sentences[1]) and is_whole_sentence('He said "no."')
    assert is_whole_sentence("“We will go,” he said, “and we will win.”")
    summary = ExtractiveSummarizer(sentences=3, algorithm="lead").summarize(sentences)
    assert summary.sentences == [sentences[0], sentences[1], sentences[3]]


def test_a_sentence_inside_a_quotation_is_not_picked_alone():
    from summarize.engines.summarizers.extractive import inside_quotation
    from summarize.text.segment import split_sentences

    text = split_sentences('"We are doing everything we can. The water is still rising. Please stay home," said '
                           'Amina Khan, a district official, on Monday. She said 4,000 families had left. Dr. Smith '
                           'of the U.N. agency arrived at 5 p.m. on Tuesday.', "en")
    assert text[1] == "The water is still rising." and is_whole_sentence(text[1])  # no quote mark of its own
    assert inside_quotation(text) == [False, True, False, False, False]
    for algorithm in ("pacsum", "lead", "textrank"):
        picked = ExtractiveSummarizer(algorithm=algorithm).summarize(text).sentences
        assert "The water is still rising." not in picked and picked
    # a quote mark left open marks nothing past QUOTE_SPAN sentences, and nothing when never closed
    assert not any(inside_quotation(['He said "no.'] + [f"Rain fell on day {i}." for i in range(8)] + ['Done" it.']))
    assert not any(inside_quotation(['"We will stay.', "Rain fell.", "Roads closed."]))


def test_a_numbered_list_is_picked_with_its_lead_sentence_or_not_at_all():
    from summarize.engines.summarizers.extractive import list_units

    text = ["The council approved three measures on Monday to deal with the floods:",
            "1. Families who lost homes will get cash grants within a week.",
            "2. Schools in the three districts will stay closed until March.",
            "3. The army will build two temporary bridges over the river.",
            "The mayor said the measures would cost 40 million rupees."]
    assert list_units(text) == {0: [0, 1, 2, 3]}
    for algorithm in ("pacsum", "lead", "textrank"):
        assert ExtractiveSummarizer(algorithm=algorithm).summarize(text).sentences == text  # one pick and one more
    # a list over the word budget is left out whole, never cut to bare items
    picked = ExtractiveSummarizer(algorithm="pacsum", words=20).summarize(text).sentences
    assert picked == [text[4]]


def test_a_sentence_sharing_no_word_with_the_article_is_not_picked():
    """A fresh user's report: a byline, "Have a news tip?" and an aside that share no content word
    with the rest scored 0 and beat every on-topic sentence, which the before-penalty sends below 0."""
    sentences = [
        "The council on Monday approved six new bus routes linking the old town with the airport.",
        "The routes will start in March, and the council will buy forty new buses for the routes.",
        "The meeting ended shortly before noon.",
        "Councillors said the new bus routes would cut journey times across the town by half.",
        "The council will pay for the buses with a provincial loan, a council spokesman said.",
        "Have a news tip? Email us today.",
    ]
    assert rank_pacsum(sentences)[-2:] == [2, 5]
    summary = ExtractiveSummarizer(sentences=3).summarize(sentences)
    assert "The meeting ended shortly before noon." not in summary.sentences
    assert "Have a news tip? Email us today." not in summary.sentences
    assert summary.sentences[0] == sentences[0]


def test_a_list_item_without_a_lead_ending_in_a_colon_is_not_picked_alone():
    """A fresh user's report: ``• The government did it.``, the first sentence of one theory in a
    bulleted list under a lead that ends in a full stop, was a brief's third sentence."""
    sentences = [
        "Police arrested five men on Sunday over the killing of the opposition leader Karim Dost in Kabul.",
        "The arrests have done little to settle who ordered the killing of the opposition leader.",
        "Several theories about the killing are circulating in Kabul.",
        "• The government did it.",
        "Dost's family believes the killing was ordered by officials he had criticised.",
        "• A rival party did it.",
        "Some analysts say Dost had made enemies inside the opposition itself.",
        "The interior ministry said the investigation into the killing would take months.",
    ]
    picked = ExtractiveSummarizer(sentences=3).summarize(sentences).sentences
    assert len(picked) >= 3
    assert not any(s.startswith("•") for s in picked)
    # alone, with nothing else to pick, an item is still better than no brief
    assert ExtractiveSummarizer(sentences=1).summarize(["• The government did it."]).sentences == ["• The government did it."]


def test_an_interviewers_question_is_not_picked():
    """An interview whose newlines were lost: ``Q: ...`` runs on inside a paragraph (a fresh user's
    report had ``Q: What was that like?`` as a brief's third sentence)."""
    sentences = [
        "Nadia Karim has spent two years rebuilding the footbridges that the floods swept away.",
        "Q: What was it like rebuilding the footbridges after the floods?",
        "A: The footbridges were hard to rebuild without machines after the floods.",
        "The villagers carried the steel for the footbridges on their backs.",
    ]
    picked = ExtractiveSummarizer(sentences=3).summarize(sentences).sentences
    assert not any(s.startswith("Q:") for s in picked)


def test_short_sentences_bring_a_fourth_while_the_brief_is_under_fifty_words():
    """A fresh user's report: three short picks made briefs of 23-44 words; a news brief runs
    50-90 (docs/quality.md). More sentences come in while the brief is under 50 words, at most
    two more, never past the word budget."""
    sentences = [
        "The river rose two metres in the valley overnight after heavy rain.",
        "Villages in the valley were cut off by the river.",
        "The rain in the valley is expected to stop by Friday.",
        "Boats reached the villages of the valley on Sunday with food and water for the families.",
        "The river is still rising in the lower valley, officials said.",
        "Schools in the valley will stay closed until the river falls.",
    ]
    three = ExtractiveSummarizer(sentences=3, min_words=None).summarize(sentences).sentences
    assert len(three) == 3 and sum(len(s.split()) for s in three) < 50
    brief = ExtractiveSummarizer(sentences=3).summarize(sentences).sentences
    assert 3 < len(brief) <= 5
    assert set(three) < set(brief)
    n = sum(len(s.split()) for s in brief)
    assert 50 <= n <= 90
    # long sentences: three of them fill the budget, no fourth
    long = [s[:-1] + ", and the district office said the figures would be updated every six hours." for s in sentences]
    assert len(ExtractiveSummarizer(sentences=3).summarize(long).sentences) == 3


def test_min_words_in_models_yaml_sets_the_minimum_and_zero_keeps_exactly_sentences(tmp_path):
    """``sentences: 3`` read as "up to 2 more while under 50 words" gave a user who asked for one
    sentence up to three, with no way back: ``min_words:`` says the minimum, 0 keeps exactly
    ``sentences``; a bad value is refused naming the key."""
    from summarize.config import load_config, packaged_default_path
    from summarize.engines.registry import ModelRegistry
    from summarize.errors import ConfigError

    sentences = ["The river rose two metres in the valley overnight after heavy rain.",
                 "Villages in the valley were cut off by the river.",
                 "The rain in the valley is expected to stop by Friday.",
                 "Boats reached the villages of the valley on Sunday with food and water for the families.",
                 "The river is still rising in the lower valley, officials said."]

    packaged = packaged_default_path().read_text(encoding="utf-8")
    assert packaged.count("    min_words: 50 ") == 1 and packaged.count("    sentences: 3 ") == 1

    def summarizer(extra: str):
        path = tmp_path / "m.yaml"
        text = packaged.replace("    sentences: 3 ", "    sentences: 1 ")
        path.write_text(re.sub(r"(?m)^    min_words: 50 .*\n", extra, text), encoding="utf-8")
        return ModelRegistry(load_config(path)).summarizer("extractive")

    assert len(summarizer("").summarize(sentences).sentences) == 3  # 1 + 2 while under 50 words (the default)
    assert len(summarizer("    min_words: 0\n").summarize(sentences).sentences) == 1
    assert len(summarizer("    min_words: 20\n").summarize(sentences).sentences) == 2
    for bad in ("-1", "x", "true"):
        with pytest.raises(ConfigError, match=r"models\.extractive\.min_words: expected a whole number, 0 or more"):
            summarizer(f"    min_words: {bad}\n")


def test_a_sentence_that_leans_on_the_one_before_is_not_picked_without_it():
    """A fresh user's report: the brief held ``He is the village elder.`` without the sentence
    naming him (a two-sentence quotation, never picked alone)."""
    sentences = [
        "A boy drowned on Sunday while crossing the Swat river to reach the village school.",
        "The village has asked for a bridge over the river for more than a decade.",
        '"Why must our children risk the river? How many more must die?',
        'Who will build the bridge?" Aslam Khan asked.',
        "He is the village elder, and the village bridge was his promise.",
        "Officials said a survey team would visit the village and the river next week.",
    ]
    picked = ExtractiveSummarizer(sentences=3).summarize(sentences).sentences
    assert sentences[4] not in picked
    # after the sentence it leans on, it may come in
    told = ["Aslam Khan, the village elder, asked for a bridge over the river.", sentences[4], sentences[5]]
    assert sentences[4] in ExtractiveSummarizer(sentences=3).summarize(told).sentences


def test_that_and_but_wait_for_the_sentence_before_them():
    """A fresh user's report: the brief opened "That simple offer set off a chain ..." without
    the sentence naming the offer (That, But, Yet, Such were not among the words that wait)."""
    sentences = [
        "A teacher in Lahore offered one of her kidneys to a stranger last year.",
        "That simple offer set off a chain of six kidney transplants for patients across Pakistan, doctors at the "
        "kidney hospital said on Monday.",
        "Doctors used a computer program to match each kidney donor with a patient who needed a kidney transplant.",
        "But the kidney was not a match for her brother, so doctors found him a donor elsewhere in the chain.",
        "Each transplant took place at the same hospital over two days in March.",
    ]
    for picked in (ExtractiveSummarizer(sentences=k, min_words=None).summarize(sentences).sentences for k in (1, 2, 3)):
        for s in picked:
            if s.startswith(("That ", "But ")):
                assert sentences[sentences.index(s) - 1] in picked, picked


def test_an_answer_is_not_picked_without_its_question():
    """A Q&A passage was briefed with ``Because engineers found cracks ...`` and no question: an
    answer (``Because`` after a question, or an ``A:`` label) waits for its question, as a sentence
    that opens with He or This waits for the one before; after an interviewer's ``Q:``, which is
    never picked, it is not picked at all. ``Because of ...`` after a statement is a sentence."""
    article = [
        "The city council closed the old river bridge on Monday, cutting the main road through the town.",
        "Traffic on the river road was sent through the hill villages, adding an hour to each journey.",
        "Why did the council close the bridge?",
        "Because engineers found cracks in two supports of the bridge during an inspection of the bridge.",
        "The council said a temporary bridge for walkers would open within a month.",
        "Shop owners near the bridge said the closure of the bridge would hurt their trade.",
    ]

    def check(sentences):
        for k in (1, 2, 3):
            picked = ExtractiveSummarizer(sentences=k, min_words=None).summarize(sentences).sentences
            for s in picked:
                if s.startswith(("Because", "A:")):
                    before = sentences[sentences.index(s) - 1]
                    assert before in picked and not before.startswith("Q:"), picked

    check(article)
    check(article[:2] + ["Why?"] + article[3:])  # a question that ranks last: the answer ranked first
    check(article[:2] + ["Q: Why did the council close the bridge?",
                         "A: Engineers found cracks in two supports of the bridge during an inspection of the bridge."]
          + article[4:])
    # an answer's label after no question (brief_sentences left out the Q: paragraph)
    check(article[:2] + ["A: Engineers found cracks in two supports of the bridge during an inspection."] + article[4:])
    # with its question it may come in; after a statement "Because ..." is a sentence of its own
    assert article[2:4] == ExtractiveSummarizer(sentences=3).summarize(article).sentences[1:3]
    storm = ["Because of the storm on the river, schools in the town closed on Monday.",
             "The storm on the river flooded the town's schools and roads.",
             "The river road stayed closed on Monday."]
    told = ["The mayor spoke to the press on Friday."] + storm  # it ranks first, after a statement
    assert ExtractiveSummarizer(sentences=1, min_words=None).summarize(told).sentences == [storm[0]]


#: A court story of our own whose news is one 120-word sentence (a fresh reviewer's report: its
#: brief was the three short sentences after it, without the ruling).
RULING = ("The high court ruled on Monday that the provincial government had acted unlawfully when it "
          "closed the northern market in March, that the traders who lost their stalls must be paid for "
          "the months they could not work, that the city must reopen the market within sixty days of the "
          "ruling, that the police officers who cleared the stalls without a written order must answer to "
          "an inquiry led by a retired judge, and that the province must publish, within the same sixty "
          "days, the rules it will follow before it closes any public market again, so that traders, "
          "shoppers and the city council can see them and object to them in time, as the constitution "
          "requires of every order that takes away a living from people who have done nothing wrong at all.")
AFTER_RULING = ["The government said it would appeal.", "Traders cheered outside the court.",
                "The market stayed shut on Tuesday."]


def test_the_pieces_of_a_long_lead_sentence_are_picked_whole():
    from summarize.engines.summarizers.extractive import cut_units
    from summarize.text.segment import cut_long_sentence

    pieces = cut_long_sentence(RULING)
    assert len(pieces) == 2 and not is_whole_sentence(pieces[0]) and not is_whole_sentence(pieces[1])
    sentences = [*pieces, *AFTER_RULING]
    assert cut_units(sentences) == {0: [0, 1]}
    summary = ExtractiveSummarizer().summarize(sentences)
    assert summary.sentences == pieces  # the ruling, whole: over the 90-word budget as the first pick


def test_a_long_sentence_is_never_half_picked_and_not_past_twice_the_budget():
    from summarize.engines.summarizers.extractive import cut_units
    from summarize.text.segment import cut_long_sentence

    lead = "Floods cut the main road to Jalalabad on Monday, officials said, and trucks waited for two days."
    pieces = cut_long_sentence(RULING)
    summary = ExtractiveSummarizer().summarize([lead, *pieces, *AFTER_RULING])
    assert pieces[0] not in summary.sentences and pieces[1] not in summary.sentences  # not as a second pick
    long_one = cut_long_sentence(" ".join([RULING.rstrip(".") + ","] * 2) + " officials said.")
    assert len(long_one) > 2 and list(cut_units([*long_one, *AFTER_RULING]).values()) == [list(range(len(long_one)))]
    summary = ExtractiveSummarizer().summarize([*long_one, *AFTER_RULING])
    assert not set(long_one) & set(summary.sentences)  # 240 words: more than twice the budget
    # pieces that do not join into a whole sentence are no unit
    assert cut_units(["Markets fell on Monday, and", "then they rose"]) == {}

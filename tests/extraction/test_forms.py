"""The figures split by the form of the contents: quotations, clauses, verbless phrases."""

from extraction.evaluation.forms import by_form, spacy_has_verb

TEXT = (
    "Mayor Ruth Okafor said the bridge would open in May. "
    "“It will carry ten thousand cars a day,” she added. "
    "Councillor Dan Price has been critical of the budget. "
    "He called on the mayor to publish the costs."
)


def span(words):
    start = TEXT.index(words)
    return [[start, start + len(words)]]


BRIDGE = span("the bridge would open in May")
CARS = span("“It will carry ten thousand cars a day,”")
BUDGET = span("the budget")
COSTS = span("the mayor to publish the costs")


def gold(*contents):
    records = [
        {"id": f"E{i}", "content": c, "source": [], "type": t} for i, (c, t) in enumerate(contents)
    ]
    return [{"id": "a1", "text": TEXT, "attributions": records}]


def quotes(*contents):
    return {"a1": [{"content": c, "source": [], "type": t} for c, t in contents]}


def test_a_verb_makes_a_clause_and_its_absence_a_phrase():
    has_verb = spacy_has_verb()
    assert has_verb(
        ["the bridge would open in May", "to publish the costs", "being asleep at the wheel"]
    ) == [True, True, True]
    assert has_verb(["the budget", "his adulation of Putin", "Clinton's health"]) == [
        False,
        False,
        False,
    ]


def test_each_form_is_scored_on_its_own_and_statements_pool_quotations_and_clauses():
    articles = gold(
        (BRIDGE, "indirect"), (CARS, "direct"), (BUDGET, "indirect"), (COSTS, "indirect")
    )
    # the quotation exactly; the reported clause one word short (a partial match); the
    # infinitive clause and the phrase missed; a phrase that is no statement
    predicted = quotes(
        (CARS, "direct"),
        (span("bridge would open in May"), "indirect"),
        (span("Councillor Dan Price"), "indirect"),
    )
    figures = by_form(articles, predicted)
    assert (figures["quotation"]["n_gold"], figures["quotation"]["n_pred"]) == (1, 1)
    assert figures["quotation"]["content_exact"] == {"P": 1.0, "R": 1.0, "F1": 1.0}
    clause = figures["clause"]
    assert (clause["n_gold"], clause["n_pred"]) == (2, 1)
    assert clause["content_exact"] == {"P": 0.0, "R": 0.0, "F1": 0.0}
    assert clause["content_partial"] == {"P": 1.0, "R": 0.5, "F1": 0.6667}
    phrase = figures["phrase"]
    assert (phrase["n_gold"], phrase["n_pred"]) == (1, 1)
    assert phrase["content_partial"] == {"P": 0.0, "R": 0.0, "F1": 0.0}
    statements = figures["statements"]
    assert (statements["n_gold"], statements["n_pred"]) == (3, 2)
    assert statements["content_partial"] == {"P": 1.0, "R": 0.6667, "F1": 0.8}
    assert statements["content_exact"] == {"P": 0.5, "R": 0.3333, "F1": 0.4}


def test_a_match_across_forms_counts_by_each_sides_form():
    # the gold content holds the quotation marks, the prediction leaves them out: recall
    # counts the gold's quotation, precision the predicted clause
    articles = gold((CARS, "mixed"))
    figures = by_form(articles, quotes((span("It will carry ten thousand cars a day"), "indirect")))
    assert figures["quotation"]["content_partial"]["R"] == 1.0
    assert figures["quotation"]["n_pred"] == 0
    assert figures["clause"]["content_partial"]["P"] == 1.0
    assert figures["clause"]["n_gold"] == 0
    assert figures["statements"]["content_partial"]["F1"] == 1.0


def test_the_form_comes_from_the_words_not_the_type():
    # PolNeAR types a quotation in two apostrophes as indirect; both sides count it as one
    text = "Mr. Pembrook said ''the bridge is closed'' and left."
    words = "''the bridge is closed''"
    start = text.index(words)
    content = [[start, start + len(words)]]
    articles = [
        {
            "id": "a1",
            "text": text,
            "attributions": [{"id": "E1", "content": content, "source": [], "type": "indirect"}],
        }
    ]
    figures = by_form(articles, {"a1": [{"content": content, "source": [], "type": "direct"}]})
    assert (figures["quotation"]["n_gold"], figures["quotation"]["n_pred"]) == (1, 1)
    assert figures["quotation"]["content_exact"]["F1"] == 1.0

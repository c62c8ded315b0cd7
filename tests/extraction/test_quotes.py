from extraction.quotes import find_quotes


def quoted(text):
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_straight_and_single_quotes():
    text = 'He said “yes”, she said "no" and they said ‘maybe’.'
    assert quoted(text) == ["“yes”", '"no"', "‘maybe’"]


def test_apostrophes_do_not_open_or_close_quotes():
    text = "“We’ve said NATO’s role isn’t over,” Russia's envoy said."
    assert quoted(text) == ["“We’ve said NATO’s role isn’t over,”"]


def test_quote_running_over_paragraphs_news_style():
    text = "He said: “First paragraph.\n“Second paragraph.”\nAfter."
    assert quoted(text) == ["“First paragraph.\n“Second paragraph.”"]


def test_unclosed_quote_ends_with_its_paragraph():
    text = "He said: “This never closes.\nA new paragraph without a mark."
    assert quoted(text) == ["“This never closes."]


def test_nested_quotes_give_the_outer_one():
    text = "“He called it ‘a disaster’ yesterday,” she said."
    assert quoted(text) == ["“He called it ‘a disaster’ yesterday,”"]


def test_no_quotes_and_stray_marks():
    assert quoted("") == []
    assert quoted("A lone ” mark and a lone ’ mark.") == []


def test_a_curly_quotation_closed_by_a_straight_mark():
    text = '“I heard parts of the speech," Pembrook said. "He wants to give it away, folks.”'
    assert quoted(text) == [
        '“I heard parts of the speech,"',
        '"He wants to give it away, folks.”',
    ]


def test_a_straight_quotation_inside_a_curly_one_does_not_close_it():
    text = '“He called it "fake news," and left,” she said.'
    assert quoted(text) == ['“He called it "fake news," and left,”']


def test_a_closing_mark_set_apart_from_the_punctuation_before_it():
    text = '"It is a disgrace that he is doing this, " Pembrook said.'
    assert quoted(text) == ['"It is a disgrace that he is doing this, "']


def test_a_closing_mark_set_apart_from_a_closing_single_quote():
    text = '"It is what they call \'a flight to quality,\' " he said. "So we wait."'
    assert quoted(text) == ["\"It is what they call 'a flight to quality,' \"", '"So we wait."']


def test_a_straight_quotation_opening_inside_a_curly_one_does_not_close_it():
    text = '“"Fake news" is what he called it,” she said. “He is 6\'2" and fast.”'
    assert quoted(text) == ['“"Fake news" is what he called it,”', "“He is 6'2\" and fast.”"]


def test_two_apostrophes_are_a_double_quotation_mark():
    # as newspaper archives write a double mark; a quotation over two paragraphs too
    text = (
        "''The focus on personalities has driven this off the radar,'' said Mr. Pembrook. "
        "''It is basically a tax increase.''\n\nShe called it ''a farce'' and left. "
        "''First paragraph.\n\n''Second paragraph.''"
    )
    assert quoted(text) == [
        "''The focus on personalities has driven this off the radar,''",
        "''It is basically a tax increase.''",
        "''a farce''",
        "''First paragraph.\n\n''Second paragraph.''",
    ]


def test_an_unclosed_pair_of_apostrophes_ends_with_its_paragraph():
    text = "''It never closes, said Pembrook.\n\nThe Joneses' house is not a quotation."
    assert quoted(text) == ["''It never closes, said Pembrook."]


def test_two_apostrophes_set_apart_close_and_followed_by_a_space_open_nothing():
    # as for a straight mark: `this, " he said` closes; `said " the` opens nothing
    closed = "''The council is wrong about this, '' Mayor Pembrook said on Monday. It opens."
    assert quoted(closed) == ["''The council is wrong about this, ''"]
    assert quoted("Mayor Pembrook said '' the bridge would open in May.") == []


def test_empty_pairs_of_apostrophes_are_no_quotation():
    assert quoted("Mayor Pembrook said '''' and left the room.") == []
    assert quoted("He said '''''' and left.") == []


def test_three_apostrophes_are_a_single_and_a_double_mark():
    text = "''He called the plan 'a farce,''' Mayor Pembrook said. He said '''yes''' loudly."
    assert quoted(text) == ["''He called the plan 'a farce,'''", "'''yes'''"]

"""Statement embeddings (issue 13): the shipped encoder gives unit vectors, and a statement's
paraphrase is closer to it than another statement of the same speaker is."""

import numpy as np

from extraction.embedding import DIMENSIONS, MAX_WORDPIECES, embed

DRILLS = "These drills are purely defensive"


def test_unit_vectors_of_every_text_in_order():
    texts = [DRILLS, "", "The economy grew by three percent last year, the minister said."]
    vectors = embed(texts)
    assert vectors.shape == (3, DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)
    # the order of the answer is the order of the texts, whatever the batching by length
    assert np.allclose(embed([texts[2]])[0], vectors[2], atol=1e-3)


def test_the_same_words_twice_get_the_same_vector_in_their_places():
    other = "We will cut taxes for every family in the country"
    vectors = embed([DRILLS, other, DRILLS, other, DRILLS])
    assert vectors.shape == (5, DIMENSIONS)
    assert np.array_equal(vectors[0], vectors[2]) and np.array_equal(vectors[0], vectors[4])
    assert np.array_equal(vectors[1], vectors[3])
    assert np.allclose(vectors[:2], embed([DRILLS, other]))
    assert not np.allclose(vectors[0], vectors[1], atol=0.1)


def test_a_paraphrase_is_closer_than_another_statement():
    drills, paraphrase, other = embed(
        [
            DRILLS,
            "The military exercises are entirely defensive in nature",
            "We will cut taxes for every family in the country",
        ]
    )
    assert drills @ paraphrase > 0.5
    assert drills @ paraphrase > drills @ other + 0.3


def test_nothing_to_embed():
    assert embed([]).shape == (0, DIMENSIONS)


def test_a_long_statement_is_read_up_to_the_encoders_length():
    long = " ".join(["defensive"] * (MAX_WORDPIECES * 3))
    (vector,) = embed([long])
    assert np.isclose(np.linalg.norm(vector), 1, atol=1e-3)

"""bench-load's comparison of two runs: a change is judged against the noise of the rounds."""

from benchmarks.compare import FIGURES, comparison


def run(median_rounds: list[float]) -> dict:
    rounds = [{key: value for key in FIGURES} for value in median_rounds]
    figure = sum(median_rounds) / len(median_rounds)
    return {"kinds": {"quote list": {**dict.fromkeys(FIGURES, figure), "rounds": rounds}}}


def test_a_change_within_the_noise_of_the_rounds_is_not_marked():
    steady, noisy_later = run([10, 10.2, 9.8, 10.1, 9.9]), run([11, 9, 12, 8, 10.5])
    lines = comparison(steady, noisy_later)
    assert "median +1% (±" in lines[1] and "!" not in lines[1]
    assert lines[-1].strip() == "0 of 4 figures changed beyond the noise; 0 moved more than 15%"


def test_a_change_beyond_the_noise_and_over_15_percent_is_marked():
    lines = comparison(run([10, 10.2, 9.8, 10.1, 9.9]), run([12.1, 12.0, 11.9, 12.2, 11.8]))
    assert "median +20% (±" in lines[1] and "!>15%" in lines[1]
    assert lines[-1].strip() == "4 of 4 figures changed beyond the noise; 4 moved more than 15%"


def test_runs_without_rounds_are_not_compared():
    old = {"kinds": {"quote list": dict.fromkeys(FIGURES, 10.0)}}
    lines = comparison(old, run([10, 11]))
    assert lines[-1].strip() == "0 of 0 figures changed beyond the noise; 0 moved more than 15%"

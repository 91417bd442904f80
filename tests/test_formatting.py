"""p-values as written on screen: never "0", never scientific notation."""
import math

from analysis.formatting import p_phrase, p_text, p_texts


def test_tiny_p_is_below_the_floor_not_zero():
    assert p_text(0.0) == "< 0.001"
    assert p_text(1.4e-245) == "< 0.001"
    assert p_text(0.000999) == "< 0.001"


def test_ordinary_p_has_three_decimals():
    assert p_text(0.001) == "0.001"
    assert p_text(0.41234) == "0.412"
    assert p_text(1.0) == "1.000"


def test_missing_p_is_a_dash():
    assert p_text(None) == "–"
    assert p_text(math.nan) == "–"
    assert p_texts([None, math.nan, 0.5, 1e-9]) == ["–", "–", "0.500", "< 0.001"]


def test_a_p_in_a_sentence_reads_as_a_comparison():
    assert p_phrase(0.0412) == "p = 0.041"
    assert p_phrase(1e-12) == "p < 0.001"
    assert p_phrase(None) == "–"


def test_a_change_that_rounds_to_zero_has_no_sign():
    from analysis.formatting import signed
    assert signed(-0.04) == "0.0" and signed(0.04) == "0.0" and signed(0.0) == "0.0"
    assert signed(3.84) == "+3.8" and signed(-1204.4, 0) == "-1,204" and signed(0.004, 2) == "0.00"


def test_durations_read_in_the_unit_of_their_typical_value():
    from analysis.formatting import duration_unit
    assert duration_unit([5, 30, 90]) == "min"
    assert duration_unit([150, 600, 3_000]) == "h"                       # median 10 h
    assert duration_unit([2_000, 1_050_575.6, 9_000, -1_046_255.6]) == "d"  # median |x| ≈ 1,000,000 min
    assert duration_unit([10, 20, 1_050_575.6]) == "min"                 # one extreme row does not set it
    assert duration_unit([]) == "min" and duration_unit([float("nan")]) == "min"


def test_quantile_band_edges_read_with_two_significant_digits():
    from analysis.formatting import band_labels, edge_text
    assert [edge_text(v) for v in (0.104, 0.867, 2.6, 9.997, 30.2, 152.4, 0.0042)] == \
        ["0.10", "0.87", "2.6", "10", "30", "152", "0.0042"]
    # the sample's resolution bands (hours), as the Drivers page used to write them "0.867–2.6", "2.6–9.997"
    assert band_labels([0.01, 0.104, 0.867, 2.6, 9.997], [0.104, 0.867, 2.6, 9.997, 30.2]) == \
        ["≤ 0.10", "0.10–0.87", "0.87–2.6", "2.6–10", "> 10"]
    # the user's own edges stay as given; edges that rounding would merge keep four digits
    assert band_labels([0, 10, 20.5], [10, 20.5, float("inf")], exact=True) == ["≤ 10", "10–20.5", "> 20.5"]
    assert band_labels([1.0, 1.01, 1.02], [1.01, 1.02, 1.03]) == ["≤ 1.01", "1.01–1.02", "> 1.02"]


def test_figures_are_written_by_their_kind():
    from analysis.formatting import COEF, COUNT, P_VALUE, PCT, SHARE, figure_text
    assert figure_text(30000, COUNT) == "30,000"
    assert figure_text(72.5, PCT) == "72.5" and figure_text(100, PCT) == "100.0"
    assert figure_text(0.3859649, SHARE) == "38.6 %"
    assert figure_text(0.0000123, P_VALUE) == "< 0.001"
    assert figure_text(0.00012, COEF) == "1.20e-04" and figure_text(0.4567, COEF) == "0.457"

"""A drawn plot shape: what is refused (crossing itself, too few corners, out
of range, not a polygon) and what is measured (area, centre). No database."""

from __future__ import annotations

import json

import pytest

from producers.pgs import shape

# about 100 m east-west by 100 m north-south at 7° N
SQUARE = [[100.5, 7.0], [100.500906, 7.0], [100.500906, 7.000904], [100.5, 7.000904], [100.5, 7.0]]


def polygon(ring):
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def test_a_square_of_a_hectare_measures_a_hectare_and_centres_inside():
    drawn = shape.parse(polygon(SQUARE))
    assert 9_900 <= shape.area_sqm(drawn) <= 10_100
    lat, lon = shape.centroid(drawn)
    assert 7.0 < lat < 7.000904 and 100.5 < lon < 100.500906


def test_an_open_ring_is_closed_and_a_corner_tapped_twice_counts_once():
    ring = [SQUARE[0], SQUARE[1], SQUARE[1], SQUARE[2], SQUARE[3]]
    drawn = shape.parse(polygon(ring))
    assert drawn["coordinates"][0][0] == drawn["coordinates"][0][-1]
    assert len(drawn["coordinates"][0]) == 5
    assert shape.parse({"type": "Feature", "geometry": json.loads(polygon(SQUARE))}) == shape.parse(
        polygon(SQUARE)
    )


@pytest.mark.parametrize(
    "ring",
    [
        # a bow tie: the edges cross in the middle
        [[100.5, 7.0], [100.501, 7.001], [100.501, 7.0], [100.5, 7.001], [100.5, 7.0]],
        # a figure eight of five corners
        [[100.5, 7.0], [100.502, 7.0], [100.5, 7.002], [100.502, 7.002], [100.501, 6.999], [100.5, 7.0]],
        # an edge folding back along the one before
        [[100.5, 7.0], [100.502, 7.0], [100.501, 7.0], [100.501, 7.001], [100.5, 7.0]],
    ],
)
def test_a_boundary_that_crosses_itself_is_refused_by_name(ring):
    with pytest.raises(shape.SelfCrossingShape) as caught:
        shape.parse(polygon(ring))
    assert caught.value.field == "shape"


@pytest.mark.parametrize(
    "value",
    [
        "not json",
        '{"type": "Point", "coordinates": [100.5, 7.0]}',
        polygon([[100.5, 7.0], [100.501, 7.0], [100.5, 7.0]]),  # two distinct corners
        polygon([[100.5, 7.0], [100.501, 7.0], [100.502, 7.0], [100.5, 7.0]]),  # a line: no area
        polygon([[200.5, 7.0], [100.501, 7.0], [100.501, 7.001], [200.5, 7.0]]),  # out of range
        polygon([[100.5, 95.0], [100.501, 7.0], [100.501, 7.001], [100.5, 95.0]]),
        polygon([["100.5", 7.0], [100.501, 7.0], [100.501, 7.001], ["100.5", 7.0]]),
        '{"type": "Polygon", "coordinates": []}',
        '{"type": "Polygon", "coordinates": [[[NaN, 7], [100.5, 7], [100.5, 7.1], [NaN, 7]]]}',
    ],
)
def test_what_is_not_a_plot_outline_is_refused(value):
    with pytest.raises(shape.InvalidShape):
        shape.parse(value)


def test_blank_is_no_shape():
    assert shape.parse("") is None and shape.parse("   ") is None and shape.parse(None) is None

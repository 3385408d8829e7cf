"""GeoJSON of place mentions: one feature per mention, with its document and sentence.

Areas (a desert, a governorate, a country) are polygons of their extent; points are points.
Coordinates are WGS84 longitude, latitude, as RFC 7946 wants.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasid.model import Place, PlaceMention


def geometry(place: Place) -> dict[str, Any]:
    """The place's geometry: its extent as a polygon if it has one, else its point."""
    if place.bbox is None:
        return {"type": "Point", "coordinates": [place.lon, place.lat]}
    west, south, east, north = place.bbox
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def mention_feature(
    mention: PlaceMention,
    sentence: str,
    document: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One mention as a GeoJSON feature; ``document`` describes where it was found."""
    place = mention.place
    feature: dict[str, Any] = {
        "type": "Feature",
        "geometry": geometry(place),
        "properties": {
            "place_id": place.id,
            "name": place.name,
            "name_en": place.name_en,
            "kind": place.kind,
            "feature": place.feature,
            "country": place.country,
            "admin1": place.admin1,
            "point": [place.lon, place.lat],
            # an unlisted place has no coordinates of its own: it is shown at the place it is in
            "approximate": place.feature == "unlisted",
            "surface": mention.surface,
            "start": mention.start,
            "end": mention.end,
            "confidence": mention.confidence,
            "alternatives": [alternative.to_json() for alternative in mention.alternatives],
            "sentence": sentence,
            "document": document or {},
        },
    }
    if place.bbox is not None:
        feature["bbox"] = list(place.bbox)
    return feature


def feature_collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the given features."""
    return {"type": "FeatureCollection", "features": list(features)}


def sentence_text(text: str, mention: PlaceMention) -> str:
    """The sentence a mention is in, without surrounding white space."""
    return text[mention.sentence.start : mention.sentence.end].strip()

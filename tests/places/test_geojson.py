"""GeoJSON of place mentions (rasid.places.geojson)."""

from __future__ import annotations

import json

from rasid.places.gazetteer import Gazetteer
from rasid.places.geojson import feature_collection, mention_feature
from rasid.places.recognize import find_places


def test_each_mention_is_a_feature_with_its_sentence_and_document(gazetteer: Gazetteer) -> None:
    text = "قصفت الطائرات حي جوبر شرق دمشق أمس. وفي صحراء الأنبار اشتباكات."
    features = [
        mention_feature(mention, text[mention.sentence.start : mention.sentence.end], {"id": 7})
        for mention in find_places(text, gazetteer)
    ]
    collection = json.loads(json.dumps(feature_collection(features), ensure_ascii=False))
    by_surface = {feature["properties"]["surface"]: feature for feature in collection["features"]}
    assert set(by_surface) == {"جوبر", "دمشق", "صحراء الأنبار"}
    damascus, jobar, anbar = by_surface["دمشق"], by_surface["جوبر"], by_surface["صحراء الأنبار"]
    assert damascus["geometry"]["type"] == "Point" and not damascus["properties"]["approximate"]
    assert jobar["properties"]["approximate"] and jobar["properties"]["feature"] == "unlisted"
    assert jobar["geometry"] == damascus["geometry"]  # shown at the place it is in
    assert anbar["geometry"]["type"] == "Polygon" and len(anbar["bbox"]) == 4  # a desert is an area
    assert all(f["properties"]["document"] == {"id": 7} for f in collection["features"])
    assert jobar["properties"]["sentence"].startswith("قصفت")

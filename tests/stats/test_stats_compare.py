from wijkdata.stats.compare import compare_to_benchmark


def test_similar_when_the_benchmark_lies_inside_the_interval():
    out = compare_to_benchmark([5, 12, 2], [9, 15, 6], [7, 10, 10], "hoger_is_beter")
    assert out.tolist() == ["vergelijkbaar", "beter", "slechter"]


def test_polarity_decides_the_word():
    lo, hi = [12, 2, 12, 2], [15, 6, 15, 6]
    assert compare_to_benchmark(lo, hi, 10, ["lager_is_beter"] * 4).tolist() == ["slechter", "beter"] * 2
    assert compare_to_benchmark(lo, hi, 10, "geen_oordeel").tolist() == ["hoger", "lager"] * 2


def test_without_interval_or_benchmark_no_judgement():
    out = compare_to_benchmark([None, 1], [None, 3], [5, None], "hoger_is_beter")
    assert out.tolist() == ["niet te beoordelen", "niet te beoordelen"]


def test_benchmark_on_the_edge_of_the_interval_is_similar():
    assert compare_to_benchmark([10], [12], [10], "hoger_is_beter").tolist() == ["vergelijkbaar"]

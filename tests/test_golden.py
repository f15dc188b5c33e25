"""The generated Markdown and data of the tiny fixture site match the reviewed golden files."""

from tests.golden import EXPECTED, files_of, generate


def test_generated_files_match_golden(tmp_path):
    generate(tmp_path)
    actual, expected = files_of(tmp_path), files_of(EXPECTED)
    assert sorted(actual) == sorted(expected), "tệp sinh ra khác danh sách mong đợi; chạy `make golden` nếu thay đổi là cố ý"
    for name in expected:
        if name.endswith(".xlsx"):  # a zip: compared byte for byte (the build makes it reproducible)
            assert actual[name] == expected[name], name
        else:
            assert actual[name].decode("utf-8") == expected[name].decode("utf-8"), name

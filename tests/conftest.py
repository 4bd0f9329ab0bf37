"""Shared pytest configuration."""


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*/emitted and expected_stdout from the current compiler "
             "(review the diff before committing)",
    )

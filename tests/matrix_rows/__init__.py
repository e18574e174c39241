"""One module per area, each defining ``ROWS: dict[str, Row]`` for its URLs."""

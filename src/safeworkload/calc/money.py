"""Money as people read it. Amounts are held in integer pence everywhere."""


def pounds(pence: int) -> str:
    """``123456`` -> ``"£1,234.56"``."""
    return f"£{pence / 100:,.2f}"

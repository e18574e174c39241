from safeworkload.bank.views import after, matching, pool, requests

app_name = "bank"

urlpatterns: list = [
    # Pool, rates and requests (bank/views/pool.py, requests.py) and matching,
    # offers, timesheets and statements (bank/views/matching.py, after.py).
    *pool.urlpatterns,
    *requests.urlpatterns,
    *matching.urlpatterns,
    *after.urlpatterns,
]

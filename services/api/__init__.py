"""The read API (/api/v1/): thin serializers and views over the catalogue's selectors.

Titles, names and messages follow the language the LocaleMiddleware activated from the
request (Accept-Language or the language cookie). The HSDS feed publishes the catalogue in the
Open Referral Human Services Data Specification 3.0 shape, for directories that aggregate
services.

In parts: `catalogue`, `eligibility`, `hsds`, and what they share in `common`.
"""

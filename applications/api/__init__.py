"""The intake API (/api/v1/): the returnee's profile and applications, the department's cases.

Thin serializers and views over `applications.actions` and `applications.selectors`. Every
object is reached through the same access function as the pages, so everyone else's data
answers 404. Callers sign in with a token from POST /api/v1/auth/token/ (`Authorization:
Token ...`) or with the portal's session. An ID card number is shown in full to its owner
only; officials see it masked.

Errors: 400 names each field at fault ({"field": ["why"]}, or "non_field_errors" for the
request as a whole); 401 without credentials; 403 when the action is not allowed; 404 for
what is not the caller's; 409 when somebody acted on the case first.

In parts by audience: the returnee's `profile` and `applicant` (applications), the department's
`official`, and what they share in `common`; the token endpoint is `portal.accounts.api`.
"""

"""The browser enforces the portal's Content Security Policy, and the journeys would notice."""

import pytest

from tests.factories import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_the_browser_blocks_what_the_policy_forbids_and_the_journey_notices(journey):
    person = journey("0-content-policy", "zh-hans")
    person.open("/accounts/login/")  # checked: no violation on a real page
    person.page.evaluate(
        """() => {
            const box = document.createElement('div');
            box.innerHTML = '<p style="color: red">x</p>';
            document.body.append(box);
            const script = document.createElement('script');
            script.textContent = 'window.injected = true';
            document.body.append(script);
        }"""
    )
    person.page.wait_for_timeout(200)
    assert person.page.evaluate("() => window.injected") is None  # the inline script never ran
    assert len(person.csp_violations) == 2
    assert "style-src" in person.csp_violations[0] and "script-src" in person.csp_violations[1]
    with pytest.raises(AssertionError, match="Content Security Policy violations"):
        person.assert_no_csp_violation()


@pytest.mark.django_db(transaction=True)
def test_pages_outside_the_journeys_keep_to_the_policy(journey, administrator):
    person = journey("0-content-policy-other-pages", "en")
    for path in ("/api/docs/", "/.well-known/security.txt", "/admin/login/"):
        person.page.goto(person.base + path)
        person.page.wait_for_load_state("load")
    person.page.fill("#id_username", administrator.username)
    person.page.fill("#id_password", PASSWORD)
    person.page.click("input[type=submit]")
    person.page.wait_for_url("**/admin/")
    for path in ("/admin/", "/admin/accounts/user/", f"/admin/accounts/user/{administrator.pk}/"):
        person.page.goto(person.base + path)
        person.page.wait_for_load_state("load")
    person.assert_no_csp_violation()

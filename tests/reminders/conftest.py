from tests.applications.conftest import (  # noqa: F401 (fixtures)
    _media_in_tmp,
    business_plan,
    draft,
    five_programmes,
    hukou_booklet,
    id_card,
    profile,
    scitech,
    submitted,
)

"""Benchmark data with a fixed seed, written in bulk: programmes through the ORM (their search
words need jieba), applications, referrals, items and messages with INSERT ... SELECT over
generate_series, so a million applications take minutes, not hours.

The whole municipality: the demo's Dianjiang and Changshou and Chongqing's 36 other districts
and counties, each with its eight bureaus and a park. A twentieth of the programmes are
municipal (the municipal HRSS bureau's, delivered by each district's); the others belong to
the HRSS, market and science bureaus of every district in turn. Half of the applicants live in
Dianjiang, where the portal started (so one official's queue is a big one), the other half
spread over the other 37; each application goes to the bureaus of the applicant's district."""

from __future__ import annotations

import datetime
import io
import random
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from bench.common import SEED
from services import demo
from services.actions import programme_reindex
from services.demo_jurisdictions import DIANJIANG, MUNICIPALITY
from services.models import Department, Jurisdiction, Park, Programme

TOPICS = [
    ("SYB创业培训", "SYB start-up training", Programme.Kind.TRAINING),
    ("职业技能培训", "Vocational skills training", Programme.Kind.TRAINING),
    ("创业担保贷款", "Start-up guarantee loan", Programme.Kind.LOAN),
    ("小微企业补贴", "Subsidy for small enterprises", Programme.Kind.SUBSIDY),
    ("创业税收减免", "Start-up tax relief", Programme.Kind.TAX_RELIEF),
    ("农业创业扶持", "Support for farming start-ups", Programme.Kind.SUBSIDY),
]
DEPARTMENTS = ["hrss", "market", "scitech"]
SHANGHAI = ZoneInfo("Asia/Shanghai")
MUNICIPAL_SHARE = 20  # every twentieth programme is municipal

# Chongqing's districts and counties besides the demo's two (administrative division codes).
DISTRICTS = [
    ("500101", "万州区", "Wanzhou"), ("500102", "涪陵区", "Fuling"),
    ("500103", "渝中区", "Yuzhong"),
    ("500104", "大渡口区", "Dadukou"), ("500105", "江北区", "Jiangbei"),
    ("500106", "沙坪坝区", "Shapingba"), ("500107", "九龙坡区", "Jiulongpo"),
    ("500108", "南岸区", "Nan'an"), ("500109", "北碚区", "Beibei"), ("500110", "綦江区", "Qijiang"),
    ("500111", "大足区", "Dazu"), ("500112", "渝北区", "Yubei"), ("500113", "巴南区", "Banan"),
    ("500114", "黔江区", "Qianjiang"), ("500116", "江津区", "Jiangjin"),
    ("500117", "合川区", "Hechuan"), ("500118", "永川区", "Yongchuan"),
    ("500119", "南川区", "Nanchuan"), ("500120", "璧山区", "Bishan"),
    ("500151", "铜梁区", "Tongliang"), ("500152", "潼南区", "Tongnan"),
    ("500153", "荣昌区", "Rongchang"), ("500154", "开州区", "Kaizhou"),
    ("500155", "梁平区", "Liangping"), ("500156", "武隆区", "Wulong"),
    ("500229", "城口县", "Chengkou"), ("500230", "丰都县", "Fengdu"), ("500233", "忠县", "Zhong"),
    ("500235", "云阳县", "Yunyang"), ("500236", "奉节县", "Fengjie"),
    ("500237", "巫山县", "Wushan"), ("500238", "巫溪县", "Wuxi"),
    ("500240", "石柱土家族自治县", "Shizhu Tujia Autonomous"),
    ("500241", "秀山土家族苗族自治县", "Xiushan Tujia and Miao Autonomous"),
    ("500242", "酉阳土家族苗族自治县", "Youyang Tujia and Miao Autonomous"),
    ("500243", "彭水苗族土家族自治县", "Pengshui Miao and Tujia Autonomous"),
]  # fmt: skip
BUREAUS = {  # the eight kinds of bureau every district has
    "hrss": ("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    "market": ("市场监督管理局", "Market Supervision and Administration Bureau"),
    "scitech": ("科学技术局", "Science and Technology Bureau"),
    "agri": ("农业农村委员会", "Agriculture and Rural Affairs Commission"),
    "tax": ("税务局", "Taxation Bureau"),
    "civil": ("民政局", "Civil Affairs Bureau"),
    "women": ("妇女联合会", "Women's Federation"),
    "drc": ("发展和改革委员会", "Development and Reform Commission"),
}


def seed_base() -> None:
    """The demo departments, parks, people and programmes, and the other 36 districts."""
    call_command("seed_demo", force=True, stdout=io.StringIO())
    make_districts()


def make_districts() -> None:
    """The 36 other districts and counties, each with its eight bureaus and a park."""
    municipality = Jurisdiction.objects.get(code=MUNICIPALITY)
    made = Jurisdiction.objects.bulk_create(
        Jurisdiction(
            code=code,
            level=Jurisdiction.Level.DISTRICT,
            parent=municipality,
            name_zh=name_zh,
            name_en=f"{name_en} County" if name_zh.endswith("县") else f"{name_en} District",
        )
        for code, name_zh, name_en in DISTRICTS
    )
    Department.objects.bulk_create(
        Department(
            jurisdiction=district,
            kind=kind,
            code=kind,
            hsds_key=f"{district.code}-{kind}",  # as Department.save names it
            name_zh=district.name_zh + name_zh,
            name_en=f"{district.name_en} {name_en}",
        )
        for district in made
        for kind, (name_zh, name_en) in BUREAUS.items()
    )
    Park.objects.bulk_create(
        Park(
            slug=f"bench-park-{district.code}",
            jurisdiction=district,
            name_zh=f"{district.name_zh}返乡创业园",
            name_en=f"{district.name_en} Returnees' Start-up Park",
        )
        for district in made
    )


def _owners_and_parks():
    """The departments programmes are given to in turn (a district's HRSS, market and science
    bureaus, district after district), the municipal HRSS bureau, and every district's parks."""
    districts = Jurisdiction.objects.filter(level=Jurisdiction.Level.DISTRICT).order_by("code")
    departments = {
        (d.jurisdiction_id, d.kind): d for d in Department.objects.filter(kind__in=DEPARTMENTS)
    }
    owners = [departments[(district.pk, kind)] for kind in DEPARTMENTS for district in districts]
    municipal = Department.objects.get(jurisdiction__code=MUNICIPALITY, kind="hrss")
    parks: dict[int, list[Park]] = {}
    for park in Park.objects.order_by("pk"):
        parks.setdefault(park.jurisdiction_id, []).append(park)
    return owners, municipal, parks


def make_programmes(count: int) -> None:
    rng = random.Random(SEED)
    owners, municipal, parks_of = _owners_and_parks()
    every_park = [park for parks in parks_of.values() for park in parks]
    rules = [programme["rules"] for programme in demo.PROGRAMMES]
    today = timezone.localdate()

    def owner(number: int) -> Department:
        return municipal if number % MUNICIPAL_SHARE == 0 else owners[number % len(owners)]

    def park(programme: Programme, number: int) -> Park:
        if programme.department_id == municipal.pk:  # offered in every district's parks
            return every_park[number % len(every_park)]
        here = parks_of[programme.department.jurisdiction_id]
        return here[number % len(here)]

    made = Programme.objects.bulk_create(
        Programme(
            slug=f"bench-programme-{number}",
            department=owner(number),
            kind=TOPICS[number % len(TOPICS)][2],
            title_zh=f"{TOPICS[number % len(TOPICS)][0]}第{number}期",
            title_en=f"{TOPICS[number % len(TOPICS)][1]} no. {number}",
            summary_zh="面向返乡人员的扶持项目。",
            summary_en="Support for people coming home.",
            description_zh="申请条件和办理流程见下。",
            description_en="Who may apply and how.",
            rules=_rules(rules[number % len(rules)], number),
            status=Programme.Status.PUBLISHED,
            published_at=timezone.now(),
            closes_on=None if number % 4 else today + timezone.timedelta(days=rng.randint(3, 90)),
            sla_days=rng.choice([5, 10, 15, 20]),
        )
        for number in range(count)
    )
    Programme.parks.through.objects.bulk_create(
        Programme.parks.through(programme_id=programme.pk, park_id=park(programme, number).pk)
        for number, programme in enumerate(made)
    )
    for programme in Programme.objects.filter(slug__startswith="bench-programme-"):
        programme_reindex(programme=programme)


def _rules(base: dict, number: int) -> dict:
    """A demo programme's rules with an age range of its own: county programmes differ in
    their limits, so the rule texts are not a handful repeated (about 3,900 distinct)."""
    age = {"fact": "age", "op": "between", "value": [16 + number % 7, 45 + number % 31]}
    return {"all": [base, age]} if base else {"all": [age]}


SQL_APPLICANTS = """
INSERT INTO accounts_user (password, is_superuser, username, email, is_staff, is_active,
  date_joined, name, phone, role, language)
SELECT %(password)s, false, 'bench-' || n, '', false, true, now(), '返乡人员' || n,
  '', 'applicant', 'zh-hans'
FROM generate_series(1, %(people)s) AS n
"""

# One application per row of the series; every fifth is a draft, aged from 0 to 14 days.
SQL_APPLICATIONS = """
INSERT INTO applications_application (applicant_id, created_at, updated_at, submitted_at,
  facts, idempotency_key)
SELECT u.id, now() - (n %% 30) * interval '1 day', now() - (n %% 15) * interval '1 day',
  CASE WHEN n %% 5 = 0 THEN NULL ELSE now() - (n %% 30) * interval '1 day' END, '{}', ''
FROM generate_series(1, %(count)s) AS n
JOIN accounts_user u ON u.username = 'bench-' || (1 + n %% %(people)s)
"""

# Where applicant bench-N lives: place 0 (Dianjiang) for even N, else one of the other 37
# districts (places 1 to 37 in code order).
SQL_PLACES = """
CREATE TEMPORARY TABLE bench_place ON COMMIT DROP AS
SELECT id AS jurisdiction_id,
  row_number() OVER (ORDER BY code <> %(dianjiang)s, code) - 1 AS place
FROM services_jurisdiction WHERE level = 'district'
"""

# Two referrals for every sent application, three for every other one (two million for a
# million applications), to the bureaus of the applicant's district, in mixed states and due
# dates around today.
SQL_REFERRALS = """
INSERT INTO applications_referral (application_id, department_id, status, due_on, version,
  created_at, paused_at, assignee_id)
SELECT a.id, d.id,
  (ARRAY['submitted','in_review','info_requested','decided','in_review'])[1 + (a.id + d.id) %% 5],
  current_date + ((a.id %% 40) - 20)::int, 1, a.submitted_at,
  CASE WHEN (a.id + d.id) %% 5 = 2 THEN a.submitted_at END,
  CASE WHEN a.id %% 3 = 0 AND d.id = %(official_department)s THEN %(official)s END
FROM applications_application a
JOIN accounts_user u ON u.id = a.applicant_id AND u.username LIKE 'bench-%%'
JOIN bench_place j ON j.place = CASE WHEN substring(u.username from 7)::int %% 2 = 0 THEN 0
  ELSE 1 + (substring(u.username from 7)::int / 2) %% (%(districts)s - 1) END
JOIN services_department d ON d.jurisdiction_id = j.jurisdiction_id
  AND d.kind IN ('hrss', 'market', 'scitech')
WHERE a.submitted_at IS NOT NULL AND (d.kind <> 'scitech' OR a.id %% 2 = 0)
"""

# An item for each referral: a programme of its department, or for every other HRSS referral
# a municipal programme that the district's HRSS bureau delivers.
SQL_ITEMS = """
INSERT INTO applications_applicationitem (application_id, programme_id, referral_id, decision,
  decision_reason, verdict, reasons, rules)
SELECT r.application_id, coalesce(m.id, p.id), r.id, 'pending', '', 'eligible', '[]', '{}'
FROM applications_referral r
JOIN services_department d ON d.id = r.department_id
JOIN (SELECT department_id, min(id) AS id FROM services_programme GROUP BY department_id) p
  ON p.department_id = r.department_id
LEFT JOIN (SELECT min(id) AS id FROM services_programme WHERE department_id = %(municipal)s
           AND slug LIKE 'bench-programme-%%') m
  ON d.kind = 'hrss' AND r.application_id %% 2 = 0
"""

SQL_DRAFT_ITEMS = """
INSERT INTO applications_applicationitem (application_id, programme_id, decision,
  decision_reason, verdict, reasons)
SELECT a.id, (SELECT id FROM services_programme ORDER BY id LIMIT 1), 'pending', '', '', '[]'
FROM applications_application a WHERE a.submitted_at IS NULL
"""

SQL_REQUESTS = """
INSERT INTO applications_message (referral_id, author_id, kind, text, created_at)
SELECT r.id, %(official)s, 'request', '请补充材料', r.paused_at
FROM applications_referral r WHERE r.status = 'info_requested'
"""


def _counts(cursor) -> dict:
    counts = {}
    for table in ("application", "referral", "applicationitem", "message"):
        cursor.execute(f"SELECT count(*) FROM applications_{table}")  # noqa: S608  # nosec B608  # fixed names
        counts[table] = cursor.fetchone()[0]
    return counts


def made(programmes: int, applications: int) -> dict:
    """The row counts when the data of this size was made already, else {}. With "used": True
    when a benchmark changed it since (reminders written, applications added): the sweep and
    intake figures need it as made."""
    from portal.notifications.models import Notification

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM services_programme WHERE slug LIKE 'bench-%%'")
            if cursor.fetchone()[0] != programmes:
                return {}
            counts = _counts(cursor)
    except DatabaseError:
        return {}
    if counts["application"] < applications:
        return {}
    if counts["application"] > applications:
        counts["used"] = True  # intake added applications
    elif Notification.objects.exists():
        counts["swept"] = True
    return counts


def unsweep() -> None:
    """Remove what a sweep wrote, so the next sweep finds the data as made."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE notifications_delivery, notifications_notification")
        cursor.execute("VACUUM ANALYZE notifications_delivery, notifications_notification")


# Every reminder situation: a training session tomorrow with a tenth of the approved items
# booked on it, programmes closing in two days that a twentieth of the people matched in the
# screener, and programmes whose intake closed yesterday but are still published.
SQL_SESSIONS = """
INSERT INTO services_trainingsession (starts_at, ends_at, place_zh, place_en, seats,
  seats_taken, programme_id, jurisdiction_id)
SELECT %(starts)s, %(starts)s + interval '8 hours', '县就业培训中心', 'County training centre',
  1000000, 0, p.programme_id, CASE WHEN j.level = 'district' THEN j.id
    ELSE (SELECT id FROM services_jurisdiction WHERE code = %(dianjiang)s) END
FROM (SELECT DISTINCT programme_id FROM applications_applicationitem) p
JOIN services_programme pr ON pr.id = p.programme_id
JOIN services_department d ON d.id = pr.department_id
JOIN services_jurisdiction j ON j.id = d.jurisdiction_id
"""
SQL_BOOKED = """
UPDATE applications_applicationitem i SET decision = 'approved', session_id = s.id
FROM services_trainingsession s
WHERE s.programme_id = i.programme_id AND s.starts_at = %(starts)s
  AND i.referral_id IS NOT NULL AND i.id %% 10 = 0
"""
SQL_SEATS = """
UPDATE services_trainingsession s SET seats_taken = (
  SELECT count(*) FROM applications_applicationitem i WHERE i.session_id = s.id)
WHERE s.starts_at = %(starts)s
"""
SQL_CLOSING = """
UPDATE services_programme SET closes_on = CASE
  WHEN substring(slug from 17)::int %% 400 = 0 THEN %(soon)s::date ELSE %(yesterday)s::date END
WHERE slug LIKE 'bench-programme-%%'
  AND (substring(slug from 17)::int %% 400 = 0
       OR substring(slug from 17)::int %% 250 BETWEEN 1 AND 5)
"""
SQL_SCREENED = """
INSERT INTO services_screeneranswers (facts, updated_at, user_id)
SELECT '{}', now(), id FROM accounts_user WHERE username LIKE 'bench-%%' AND id %% 20 = 0
"""
SQL_MATCHED = """
INSERT INTO services_screeneranswers_matched (screeneranswers_id, programme_id)
SELECT a.id, p.id FROM services_screeneranswers a
CROSS JOIN (SELECT id FROM services_programme WHERE closes_on = %(soon)s::date
            AND slug LIKE 'bench-programme-%%' ORDER BY id LIMIT 2) p
"""


def make_applications(count: int) -> dict:
    """`count` applications (a fifth drafts), two or three referrals each when sent, their
    items and the requests for information of those waiting, and every other reminder
    situation (see SQL_SESSIONS); returns the row counts."""
    from django.contrib.auth import get_user_model

    official = get_user_model().objects.get(username="official-hrss")
    municipal = Department.objects.get(jurisdiction__code=MUNICIPALITY, kind="hrss")
    people = max(1, count // 10)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SQL_APPLICANTS, {"password": make_password(None), "people": people})
        cursor.execute(SQL_APPLICATIONS, {"count": count, "people": people})
        cursor.execute(SQL_PLACES, {"dianjiang": DIANJIANG})
        districts = Jurisdiction.objects.filter(level=Jurisdiction.Level.DISTRICT).count()
        referrals = {
            "official": official.pk,
            "official_department": official.department_id,
            "districts": districts,
        }
        cursor.execute(SQL_REFERRALS, referrals)
        cursor.execute(SQL_ITEMS, {"municipal": municipal.pk})
        cursor.execute(SQL_DRAFT_ITEMS)
        cursor.execute(SQL_REQUESTS, {"official": official.pk})
        today = timezone.localdate()
        tomorrow = today + datetime.timedelta(days=1)
        starts = datetime.datetime.combine(tomorrow, datetime.time(9), tzinfo=SHANGHAI)
        for sql in (SQL_SESSIONS, SQL_BOOKED, SQL_SEATS):
            cursor.execute(sql, {"starts": starts, "dianjiang": DIANJIANG})
        days = {
            "soon": today + datetime.timedelta(days=2),
            "yesterday": today - datetime.timedelta(days=1),
        }
        for sql in (SQL_CLOSING, SQL_SCREENED, SQL_MATCHED):
            cursor.execute(sql, days)
    with connection.cursor() as cursor:
        # As a database in service would be: statistics gathered, visibility map and hint
        # bits set (the first read of freshly loaded rows would otherwise write every page).
        cursor.execute("VACUUM ANALYZE")
        counts = _counts(cursor)
    return counts

"""Demo data from the ADB working paper on returning migrants in Chongqing (see DOMAIN.md).

Telephone numbers and addresses are made up for the demonstration.
"""

import copy

from services.demo_jurisdictions import (
    CHANGSHOU,
    CHANGSHOU_DEPARTMENTS,
    DIANJIANG,
    JURISDICTIONS,  # noqa: F401  # the demo's jurisdictions, read by seed_demo from here
    MUNICIPAL_DEPARTMENTS,
    MUNICIPALITY,
    WEEKDAY_HOURS_EN,
    WEEKDAY_HOURS_ZH,
)

DEPARTMENTS = [
    {
        "code": "hrss",
        "name_zh": "垫江县人力资源和社会保障局",
        "name_en": "Dianjiang County Human Resources and Social Security Bureau",
        "summary_zh": "就业指导、职业技能培训、创业培训（GYB、SYB、IYB、网络创业、微型企业）、"
        "创业担保贷款及贴息、重点群体一次性创业补贴。",
        "summary_en": "Employment guidance; vocational skills training; start-up training (GYB, "
        "SYB, IYB, online, micro-enterprise); start-up guarantee loans and interest subsidies; "
        "one-time start-up subsidy for key groups.",
        "phone": "023-7468 0001",
        "address_zh": "垫江县桂溪街道人社大楼一楼",
        "address_en": "1/F, Human Resources Building, Guixi Subdistrict, Dianjiang County",
    },
    {
        "code": "market",
        "name_zh": "垫江县市场监督管理局",
        "name_en": "Dianjiang County Market Supervision and Administration Bureau",
        "summary_zh": "小微企业补贴、企业注册登记指导、减免注册费用。",
        "summary_en": "Subsidies for small and micro enterprises; guidance on registering a "
        "business; reduced registration fees.",
        "phone": "023-7468 0002",
        "address_zh": "垫江县桂阳街道政务服务中心二楼",
        "address_en": "2/F, Government Service Centre, Guiyang Subdistrict, Dianjiang County",
    },
    {
        "code": "scitech",
        "name_zh": "垫江县科学技术局",
        "name_en": "Dianjiang County Science and Technology Bureau",
        "summary_zh": "科技型企业扶持、海外高层次人才引进激励。",
        "summary_en": "Support for science and technology enterprises; incentives for talent "
        "returning from abroad.",
        "phone": "023-7468 0003",
        "address_zh": "垫江县桂溪街道科技大厦三楼",
        "address_en": "3/F, Science Building, Guixi Subdistrict, Dianjiang County",
    },
    {
        "code": "agri",
        "name_zh": "垫江县农业农村委员会",
        "name_en": "Dianjiang County Agriculture and Rural Affairs Commission",
        "summary_zh": "农业创业项目扶持、农业技术指导。",
        "summary_en": "Support for agricultural entrepreneurship projects; farming technique "
        "guidance.",
        "phone": "023-7468 0004",
        "address_zh": "垫江县桂阳街道农业大楼",
        "address_en": "Agriculture Building, Guiyang Subdistrict, Dianjiang County",
    },
    {
        "code": "tax",
        "name_zh": "国家税务总局垫江县税务局",
        "name_en": "Dianjiang County Taxation Bureau",
        "summary_zh": "创业税收减免、纳税申报指导。",
        "summary_en": "Tax reduction and exemption for new businesses; guidance on filing taxes.",
        "phone": "023-7468 0005",
        "address_zh": "垫江县桂溪街道税务服务厅",
        "address_en": "Tax Service Hall, Guixi Subdistrict, Dianjiang County",
    },
    {
        "code": "civil",
        "name_zh": "垫江县民政局",
        "name_en": "Dianjiang County Civil Affairs Bureau",
        "summary_zh": "务工人员子女托育、留守儿童和家庭关爱服务。",
        "summary_en": "Daycare for workers' children; support for left-behind children and "
        "their families.",
        "phone": "023-7468 0006",
        "address_zh": "垫江县桂阳街道民政服务中心",
        "address_en": "Civil Affairs Service Centre, Guiyang Subdistrict, Dianjiang County",
    },
    {
        "code": "women",
        "name_zh": "垫江县妇女联合会",
        "name_en": "Dianjiang County Women's Federation",
        "summary_zh": "女性创业者协会、妇女创业就业帮扶。",
        "summary_en": "Female entrepreneurs' association; help for women starting a business "
        "or finding work.",
        "phone": "023-7468 0007",
        "address_zh": "垫江县桂溪街道群团服务中心",
        "address_en": "Community Organisations Centre, Guixi Subdistrict, Dianjiang County",
    },
    {
        "code": "ddrc",
        "name_zh": "垫江县发展和改革委员会",
        "name_en": "Dianjiang County Development and Reform Commission",
        "summary_zh": "县域发展规划、乡村振兴项目。",
        "summary_en": "County development plans; rural revitalisation projects.",
        "phone": "023-7468 0008",
        "address_zh": "垫江县桂阳街道行政中心四楼",
        "address_en": "4/F, Administration Centre, Guiyang Subdistrict, Dianjiang County",
    },
]
for _department in DEPARTMENTS:
    _department.setdefault("office_hours_zh", WEEKDAY_HOURS_ZH)
    _department.setdefault("office_hours_en", WEEKDAY_HOURS_EN)
    _department.setdefault("jurisdiction", DIANJIANG)
    _department.setdefault("kind", "drc" if _department["code"] == "ddrc" else _department["code"])
DEPARTMENTS += MUNICIPAL_DEPARTMENTS + CHANGSHOU_DEPARTMENTS

PARKS = [
    {
        "slug": "dianjiang-industrial-park",
        "name_zh": "垫江县工业园区",
        "name_en": "Dianjiang County Industrial Park",
        "address_zh": "垫江县桂阳街道工业园区管委会",
        "address_en": "Park Administration, Guiyang Subdistrict, Dianjiang County",
        "hours_zh": "周一至周五 9:00—12:00，14:00—17:30",
        "hours_en": "Monday to Friday, 9:00–12:00 and 14:00–17:30",
    },
    {
        "slug": "dianjiang-startup-park",
        "name_zh": "垫江县返乡创业园",
        "name_en": "Dianjiang Business Start-up Park for Return Migrants",
        "address_zh": "垫江县桂溪街道返乡创业园服务中心",
        "address_en": "Service Centre, Guixi Subdistrict, Dianjiang County",
        "hours_zh": "周一至周五 9:00—12:00，14:00—17:30",
        "hours_en": "Monday to Friday, 9:00–12:00 and 14:00–17:30",
    },
    {
        "slug": "changlong-startup-park",
        "name_zh": "长龙返乡创业园",
        "name_en": "Changlong Business Start-up Park for Return Migrants",
        "address_zh": "垫江县长龙镇返乡创业园",
        "address_en": "Changlong Town, Dianjiang County",
        "hours_zh": "周一至周五 9:00—12:00，14:00—17:30",
        "hours_en": "Monday to Friday, 9:00–12:00 and 14:00–17:30",
    },
    {
        "slug": "longqiao-startup-park",
        "name_zh": "龙桥返乡创业园",
        "name_en": "Longqiao Business Start-up Park for Return Migrants",
        "address_zh": "垫江县龙桥镇返乡创业园",
        "address_en": "Longqiao Town, Dianjiang County",
        "hours_zh": "周一至周五 9:00—12:00，14:00—17:30",
        "hours_en": "Monday to Friday, 9:00–12:00 and 14:00–17:30",
    },
    {
        "slug": "changshou-industrial-park",
        "name_zh": "长寿区工业园区",
        "name_en": "Changshou District Industrial Park",
        "address_zh": "重庆市长寿区工业园区一站式服务中心",
        "address_en": "One-stop Service Centre, Changshou District, Chongqing",
        "hours_zh": "周一至周五 9:00—12:00，14:00—17:30",
        "hours_en": "Monday to Friday, 9:00–12:00 and 14:00–17:30",
    },
]

for _park in PARKS:
    _park.setdefault(
        "jurisdiction", CHANGSHOU if _park["slug"].startswith("changshou") else DIANJIANG
    )

DEMO_PASSWORD = "demo12345"  # noqa: S105  # nosec B105  # demo logins; seed_demo refuses production

# username, name, role, department (code, or jurisdiction/code), parks managed, phone, e-mail
USERS = [
    ("applicant", "王小红", "applicant", None, [], "13800000001", "applicant@example.com"),
    ("official-hrss", "李明", "official", "hrss", [], "13800000002", "official-hrss@example.com"),
    ("head-hrss", "张建国", "head", "hrss", [], "13800000003", "head-hrss@example.com"),
    (
        "official-market",
        "陈静",
        "official",
        "market",
        [],
        "13800000004",
        "official-market@example.com",
    ),
    (
        "manager-dianjiang",
        "刘洋",
        "manager",
        None,
        ["dianjiang-industrial-park", "dianjiang-startup-park"],
        "13800000005",
        "manager-dianjiang@example.com",
    ),
    ("admin", "系统管理员", "admin", None, [], "13800000006", "admin@example.com"),
    (
        "official-hrss-changshou",
        "赵敏",
        "official",
        f"{CHANGSHOU}/hrss",
        [],
        "13800000007",
        "official-hrss-changshou@example.com",
    ),
    (
        "manager-changshou",
        "孙丽",
        "manager",
        None,
        ["changshou-industrial-park"],
        "13800000008",
        "manager-changshou@example.com",
    ),
    (
        "manager-chongqing",
        "周涛",
        "manager",
        None,
        [],
        "13800000009",
        "manager-chongqing@example.com",
    ),
    ("admin-changshou", "钱芳", "admin", None, [], "13800000010", "admin-changshou@example.com"),
]
# Whom the managers and administrators act for (none: every jurisdiction). The municipality's
# manager edits the municipal programmes; a district's administrator sees that district only.
USER_JURISDICTIONS = {
    "manager-dianjiang": DIANJIANG,
    "manager-changshou": CHANGSHOU,
    "manager-chongqing": MUNICIPALITY,
    "admin-changshou": CHANGSHOU,
}

# The shared vocabulary of required documents: an applicant uploads each kind once.
DOCUMENT_TYPES = [
    {
        "code": "id_card",
        "name_zh": "居民身份证",
        "name_en": "Resident identity card",
        "help_zh": "您本人的身份证，正反两面都要拍清楚；丢了可到户口所在地派出所补办。",
        "help_en": "Your own ID card, with both sides clearly photographed; if you lost it, get "
        "a new one at the police station where your hukou is registered.",
    },
    {
        "code": "hukou_booklet",
        "name_zh": "户口簿",
        "name_en": "Household registration booklet (hukou)",
        "help_zh": "家里的户口本，拍首页和您本人那一页；由户口所在地派出所发放。",
        "help_en": "Your family's hukou booklet: photograph the front page and the page with your "
        "name; the local police station issues it.",
    },
    {
        "code": "business_licence",
        "name_zh": "营业执照",
        "name_en": "Business licence",
        "help_zh": "您的店铺或公司的营业执照，上面印有成立日期；在县市场监管局或政务服务中心办理。",
        "help_en": "The licence of your shop or company, with the date it was set up printed on "
        "it; you get it from the Market Supervision Bureau or the government service centre.",
    },
    {
        "code": "diploma",
        "name_zh": "毕业证书",
        "name_en": "Graduation certificate",
        "help_zh": "您读完的最高一级学校发的毕业证；找不到可以请学校开一份证明。",
        "help_en": "The certificate from the highest school you finished; if you cannot find it, "
        "ask the school for a letter that proves it.",
    },
    {
        "code": "bank_statement",
        "valid_months": 3,
        "name_zh": "银行流水",
        "name_en": "Bank statement",
        "help_zh": "最近6个月银行账户的进出账明细；带身份证和银行卡到开户银行柜台打印。",
        "help_en": "The money in and out of your bank account in the last 6 months; print it at "
        "your bank's counter with your ID card and bank card.",
    },
    {
        "code": "business_plan",
        "name_zh": "创业计划书",
        "name_en": "Business plan",
        "help_zh": "用几页纸写清楚做什么生意、要多少钱、怎样赚钱；不会写可以请园区服务中心帮忙。",
        "help_en": "A few pages on what business you will run, how much money it needs and how it "
        "will earn money; the park service centre can help you write it.",
    },
    {
        "code": "unemployment_certificate",
        "valid_months": 6,
        "name_zh": "就业失业登记证",
        "name_en": "Registered unemployment card",
        "help_zh": "证明您已登记失业的证件；带身份证到乡镇（街道）社保所或县人社局办理。",
        "help_en": "The card that shows you are registered as unemployed; get it with your ID "
        "card at your town's social security office or the HRSS Bureau.",
    },
    {
        "code": "poverty_certificate",
        "valid_months": 12,
        "name_zh": "困难家庭证明",
        "name_en": "Certificate of a poor family",
        "help_zh": "证明您家是建档立卡贫困户或低保家庭的材料；"
        "由村（居）委会开具，乡镇（街道）盖章。",
        "help_en": "A paper that shows your family is a registered poor or minimum-allowance "
        "household; the village or community committee writes it and the town office stamps it.",
    },
    {
        "code": "training_certificate",
        "name_zh": "培训合格证书",
        "name_en": "Training certificate",
        "help_zh": "参加创业培训或技能培训结业后发的合格证；丢了可以请培训机构补开证明。",
        "help_en": "The certificate you get after finishing a start-up or skills training course; "
        "if you lost it, the training school can write you a new proof.",
    },
    {
        "code": "lease_contract",
        "name_zh": "经营场地租赁合同",
        "name_en": "Lease for business premises",
        "help_zh": "您租用店面、厂房或土地的合同；如果是自己的房子，就带房产证。",
        "help_en": "The contract for renting your shop, workshop or land; if the place is your "
        "own, bring the property certificate instead.",
    },
    {
        "code": "overseas_degree",
        "name_zh": "留学回国人员证明（国外学历学位认证）",
        "name_en": "Overseas degree certification (proof of study abroad)",
        "help_zh": "证明您在国外读书并取得学位的材料；可在教育部留学服务中心网站申请学历学位认证。",
        "help_en": "Proof of the degree you earned abroad; apply online to the Chinese Service "
        "Center for Scholarly Exchange of the Ministry of Education for a certification.",
    },
    {
        "code": "child_birth_certificate",
        "name_zh": "出生医学证明",
        "name_en": "Child's birth certificate",
        "help_zh": "孩子出生时医院开的《出生医学证明》；丢了可到孩子出生的医院申请补发。",
        "help_en": "The birth certificate the hospital gave when your child was born; if you lost "
        "it, ask that hospital for a new one.",
    },
    {
        "code": "photo",
        "name_zh": "证件照",
        "name_en": "ID photo",
        "help_zh": "近期一寸白底、正面、不戴帽子的照片；照相馆可以拍。",
        "help_en": "A recent passport-size photo, facing forward, on a white background, with no "
        "hat; any photo shop can take it.",
    },
    {
        "code": "student_card",
        "valid_months": 12,
        "name_zh": "学生证",
        "name_en": "Student card",
        "help_zh": "您正在读书的学校发的学生证；丢了可以请学校学生处开一份在读证明。",
        "help_en": "The student card from your university or college; if you lost it, the "
        "student office can write a letter saying you study there.",
    },
]

ALL_FIVE_TYPES = [
    "poor_family",
    "fresh_graduate",
    "fresh_school_leaver",
    "transferred_rural_labourer",
    "registered_unemployed",
]
DIANJIANG_PARKS = [
    "dianjiang-industrial-park",
    "dianjiang-startup-park",
    "changlong-startup-park",
    "longqiao-startup-park",
]
ALL_TECH_SECTORS = ["semiconductors", "iot", "5g", "ai", "other_tech"]


def _licence_months(low: int, high: int) -> dict:
    """A business licence at least `low` and under `high` months old."""
    return {"fact": "business_licence_date", "op": "months_since_between", "value": [low, high]}


FIVE_TYPES_RULE = {"fact": "five_types", "op": "any_of", "value": ALL_FIVE_TYPES}
HUKOU_IN_COUNTY = {"fact": "hukou_in_county", "op": "eq", "value": True}
# SYB and online start-up training: ready to start, or a licence under one year old (Box 3).
READY_OR_EARLY_STAGE = {
    "any": [
        {"fact": "ready_to_start_business", "op": "eq", "value": True},
        _licence_months(0, 12),
    ]
}
FREE_TRAINING_ZH = "免费培训，结业后发放合格证书"
FREE_TRAINING_EN = "Free training and a certificate when you finish"

# Applications are routed to the owning department (see DEPARTMENTS), of Dianjiang unless the
# row names its jurisdiction; the municipal programmes (MUNICIPAL below) to the HRSS bureau of
# the applicant's district. Parks are where the one-stop centres publish the programme.
# Amounts are in CNY.
PROGRAMMES = [
    {
        "slug": "vocational-skills-training",
        "department": "hrss",
        "parks": DIANJIANG_PARKS,
        "kind": "training",
        "title_zh": "职业技能培训",
        "title_en": "Vocational skills training",
        "summary_zh": "免费学一门手艺：电工、焊工、家政、电商等，考试合格发证书。",
        "summary_en": "Learn a trade for free (electrician, welder, home care, e-commerce and "
        "more) and get a certificate when you pass.",
        "description_zh": "县人社局组织就业技能培训和家政服务人员专项培训，课程有电工、焊工、"
        "数控车床、家政服务、电子商务等。“五类人员”（贫困家庭子女、应届高校毕业生、"
        "未继续升学的初高中毕业生、农村转移劳动力、城镇登记失业人员）年龄在16至60岁的，"
        "都可以免费参加。报名后培训机构会通知您上课时间，学完参加考试，合格的发给证书，"
        "我们还可以帮您推荐工作。",
        "description_en": "The HRSS Bureau runs employment skills training and special training "
        "for home-care workers: electrician, welding, CNC machining, home care, e-commerce and "
        "more. The five types of people (children of poor families, fresh college graduates, "
        "school leavers not in further education, transferred rural labourers and registered "
        "urban unemployed) aged 16 to 60 can join for free. After you sign up, the training "
        "school tells you when classes start. Pass the test at the end to get a certificate; "
        "we can also help you find a job.",
        "benefit_min": None,
        "benefit_max": None,
        "benefit_text_zh": "免费培训，考试合格发放职业技能证书",
        "benefit_text_en": "Free training and a skills certificate when you pass",
        "documents": ["id_card", "hukou_booklet", "photo"],
        "rules": {
            "all": [
                FIVE_TYPES_RULE,
                {"fact": "age", "op": "between", "value": [16, 60]},
            ]
        },
        "opens_days": -60,
        "closes_days": None,
        "sla_days": 5,
        "policy_reference": "",
        "channel": "both",
        "sessions": [
            {
                "starts_in_days": 10,
                "days": 15,
                "place_zh": "垫江县工业园区管委会培训中心",
                "place_en": "Training Centre, Dianjiang County Industrial Park Administration",
                "seats": 40,
            },
            {
                "starts_in_days": 40,
                "days": 15,
                "place_zh": "龙桥返乡创业园培训室",
                "place_en": "Training Room, Longqiao Business Start-up Park",
                "seats": 30,
            },
        ],
    },
    {
        "slug": "gyb-training",
        "department": "hrss",
        "parks": ["dianjiang-industrial-park", "dianjiang-startup-park"],
        "kind": "training",
        "title_zh": "GYB创业培训（产生您的企业想法）",
        "title_en": "GYB start-up training (Generate Your Business idea)",
        "summary_zh": "给在重庆读大学的学生：免费上课，帮您想清楚做什么生意。",
        "summary_en": "For university and college students in Chongqing: free classes that help "
        "you find and test a business idea.",
        "description_zh": "GYB培训帮您找到适合自己的创业想法，并学会判断这个想法能不能赚钱。"
        "对象是在重庆高校读书的在校学生。培训免费，一般2到3天，在学校或创业园上课。"
        "学完可以接着参加SYB创业培训。",
        "description_en": "GYB training helps you find a business idea that suits you and check "
        "whether it can make money. It is for students at universities and colleges in "
        "Chongqing. It is free and lasts 2 to 3 days, at your school or a start-up park. "
        "Afterwards you can go on to SYB start-up training.",
        "benefit_min": None,
        "benefit_max": None,
        "benefit_text_zh": FREE_TRAINING_ZH,
        "benefit_text_en": FREE_TRAINING_EN,
        "documents": ["id_card", "student_card", "photo"],
        "rules": {"all": [{"fact": "student_in_chongqing", "op": "eq", "value": True}]},
        "opens_days": -30,
        "closes_days": None,
        "sla_days": 5,
        "policy_reference": "",
        "channel": "both",
    },
    {
        "slug": "syb-training",
        "department": "hrss",
        "parks": DIANJIANG_PARKS,
        "kind": "training",
        "title_zh": "SYB创业培训（创办您的企业）",
        "title_en": "SYB start-up training (Start Your Business)",
        "summary_zh": "准备开店办厂或刚领营业执照不满1年的“五类人员”，免费学怎样办企业。",
        "summary_en": "For the five types of people who plan to start a business or got a "
        "business licence less than a year ago: learn how to set it up and run it, for free.",
        "description_zh": "SYB培训一步步教您办起自己的企业：选项目、做市场调查、算成本和利润、"
        "办证照、找资金，最后写出自己的创业计划书。对象是“五类人员”中准备创业的人，"
        "或者营业执照领取不满1年的人。培训免费，一共10天左右，结业后发合格证书，"
        "申请创业担保贷款时用得上。",
        "description_en": "SYB training walks you through starting your own business: choosing "
        "a project, studying the market, working out costs and profit, getting licences and "
        "finding money, and in the end writing your own business plan. It is for the five "
        "types of people who are ready to start a business or whose business licence is less "
        "than 1 year old. It is free and takes about 10 days; the certificate you get helps "
        "when you apply for a start-up guarantee loan.",
        "benefit_min": None,
        "benefit_max": None,
        "benefit_text_zh": FREE_TRAINING_ZH,
        "benefit_text_en": FREE_TRAINING_EN,
        "documents": ["id_card", "hukou_booklet", "photo"],
        "rules": {"all": [FIVE_TYPES_RULE, READY_OR_EARLY_STAGE]},
        "opens_days": -45,
        "closes_days": None,
        "sla_days": 5,
        "policy_reference": "",
        "channel": "both",
        "sessions": [
            {
                "starts_in_days": 14,
                "days": 10,
                "place_zh": "垫江县返乡创业园培训室",
                "place_en": "Training Room, Dianjiang Business Start-up Park",
                "seats": 30,
            },
            {
                "starts_in_days": 45,
                "days": 10,
                "place_zh": "长龙返乡创业园会议室",
                "place_en": "Meeting Room, Changlong Business Start-up Park",
                "seats": 25,
            },
        ],
    },
    {
        "slug": "online-startup-training",
        "department": "hrss",
        "parks": DIANJIANG_PARKS,
        "kind": "training",
        "title_zh": "网络创业培训",
        "title_en": "Online start-up training (selling online)",
        "summary_zh": "想在网上开店、直播卖货的“五类人员”，免费学网店开设和运营。",
        "summary_en": "For the five types of people who want to sell online: learn for free to "
        "open and run an online shop and to sell through live streaming.",
        "description_zh": "网络创业培训教您在电商平台开网店、拍商品照片、直播卖货、处理订单和"
        "快递。对象是准备创业或营业执照领取不满1年的“五类人员”。可以用手机在网上学，"
        "也可以到创业园电商中心上课。培训免费，结业后发合格证书。",
        "description_en": "Online start-up training teaches you to open a shop on an e-commerce "
        "platform, photograph your goods, sell through live streaming, and handle orders and "
        "delivery. It is for the five types of people who are ready to start a business or "
        "whose business licence is less than 1 year old. Learn on your phone or at the park's "
        "e-commerce centre. It is free, with a certificate at the end.",
        "benefit_min": None,
        "benefit_max": None,
        "benefit_text_zh": FREE_TRAINING_ZH,
        "benefit_text_en": FREE_TRAINING_EN,
        "documents": ["id_card", "hukou_booklet", "photo"],
        "rules": {"all": [FIVE_TYPES_RULE, READY_OR_EARLY_STAGE]},
        "opens_days": -20,
        "closes_days": None,
        "sla_days": 5,
        "policy_reference": "",
        "channel": "online",
    },
    {
        "slug": "iyb-training",
        "department": "hrss",
        "parks": DIANJIANG_PARKS,
        "kind": "training",
        "title_zh": "IYB创业培训（改善您的企业）",
        "title_en": "IYB start-up training (Improve Your Business)",
        "summary_zh": "营业执照满1年、不满3年的老板：免费学记账、管人、把生意做大。",
        "summary_en": "For owners whose business licence is at least 1 and under 3 years old: "
        "free classes on bookkeeping, staff, selling and growing the business.",
        "description_zh": "IYB培训帮已经开业的老板把生意做得更好：记账和控制成本、进货和库存、"
        "营销、员工管理、经营计划。对象是营业执照领取满1年、不满3年的创业者。培训免费，"
        "一般5天，结业后发合格证书。",
        "description_en": "IYB training helps owners who are already in business do better: "
        "bookkeeping and costs, buying and stock, selling, managing staff and planning. It is "
        "for entrepreneurs whose business licence is at least 1 year and less than 3 years old. "
        "It is free and usually takes 5 days, with a certificate at the end.",
        "benefit_min": None,
        "benefit_max": None,
        "benefit_text_zh": FREE_TRAINING_ZH,
        "benefit_text_en": FREE_TRAINING_EN,
        "documents": ["id_card", "business_licence", "photo"],
        "rules": {"all": [_licence_months(12, 36)]},
        "opens_days": -30,
        "closes_days": None,
        "sla_days": 5,
        "policy_reference": "",
        "channel": "both",
        "sessions": [
            {
                "starts_in_days": 21,
                "days": 5,
                "place_zh": "垫江县工业园区管委会培训中心",
                "place_en": "Training Centre, Dianjiang County Industrial Park Administration",
                "seats": 30,
            },
            {
                "starts_in_days": 60,
                "days": 5,
                "place_zh": "龙桥返乡创业园会议室",
                "place_en": "Meeting Room, Longqiao Business Start-up Park",
                "seats": 20,
            },
        ],
    },
    {
        "slug": "micro-enterprise-training",
        "department": "hrss",
        "parks": DIANJIANG_PARKS,
        "kind": "training",
        "title_zh": "微型企业创业培训",
        "title_en": "Micro-enterprise start-up training",
        "summary_zh": "小店小厂开业不满1年的“五类人员”，免费学经营，少走弯路。",
        "summary_en": "For the five types of people whose small shop or workshop got its "
        "licence less than a year ago: free classes to get through the first years.",
        "description_zh": "微型企业创业培训针对刚起步的小店、小作坊、小公司，讲怎样记账、定价、"
        "找客户、守法经营和申请扶持政策。对象是营业执照领取不满1年的“五类人员”。"
        "培训免费，结业后发合格证书。",
        "description_en": "Micro-enterprise start-up training is for new small shops, workshops "
        "and companies: keeping accounts, setting prices, finding customers, following the "
        "rules and applying for support. It is for the five types of people whose business "
        "licence is less than 1 year old. It is free, with a certificate at the end.",
        "benefit_min": None,
        "benefit_max": None,
        "benefit_text_zh": FREE_TRAINING_ZH,
        "benefit_text_en": FREE_TRAINING_EN,
        "documents": ["id_card", "business_licence", "photo"],
        "rules": {"all": [FIVE_TYPES_RULE, _licence_months(0, 12)]},
        "opens_days": -30,
        "closes_days": None,
        "sla_days": 5,
        "policy_reference": "",
        "channel": "both",
    },
    {
        "slug": "startup-guarantee-loan",
        "department": "hrss",
        "parks": DIANJIANG_PARKS,
        "kind": "loan",
        "title_zh": "创业担保贷款",
        "title_en": "Start-up guarantee loan",
        "summary_zh": "本县户籍、营业执照不满3年的创业者，由政府担保，个人最高可贷20万元。",
        "summary_en": "Entrepreneurs with a hukou in this county and a business licence under 3 "
        "years old can borrow up to 200,000 CNY with a government guarantee.",
        "description_zh": "政府担保基金替您向银行担保，帮您借到创业资金，个人最高20万元，"
        "期限最长3年。申请人须是本县户籍，18至60岁，营业执照领取不满3年。"
        "您自己要先投入不少于贷款金额50%的资金。人社、财政和银行等几个部门会一起审查"
        "您的身份、创业能力、项目前景、资金情况，以及项目是否符合本地产业发展方向，"
        "请准备好创业计划书。",
        "description_en": "A government guarantee fund stands behind you at the bank so that you "
        "can borrow money for your business: up to 200,000 CNY for one person, for up to 3 "
        "years. You must have a hukou in this county, be 18 to 60 years old and hold a "
        "business licence less than 3 years old. You must put in money of your own worth at "
        "least 50% of the loan. Several departments (human resources, finance and the bank) "
        "examine together your identity, your ability to run a business, the project's "
        "prospects, your finances and whether the project fits local industries, so bring a "
        "business plan.",
        "benefit_min": None,
        "benefit_max": "200000.00",
        "benefit_text_zh": "个人最高20万元，期限最长3年",
        "benefit_text_en": "Up to 200,000 CNY per person, for up to 3 years",
        "documents": [
            "id_card",
            "hukou_booklet",
            "business_licence",
            "business_plan",
            "bank_statement",
            "lease_contract",
            "training_certificate",
        ],
        "rules": {
            "all": [
                HUKOU_IN_COUNTY,
                {"fact": "age", "op": "between", "value": [18, 60]},
                _licence_months(0, 36),
            ]
        },
        "opens_days": -90,
        "closes_days": None,
        "sla_days": 30,
        "policy_reference": "",
        "channel": "offline",
    },
    {
        "slug": "loan-interest-subsidy",
        "department": "hrss",
        "parks": DIANJIANG_PARKS,
        "kind": "interest_subsidy",
        "title_zh": "创业担保贷款贴息",
        "title_en": "Interest subsidy for start-up guarantee loans",
        "summary_zh": "借到创业担保贷款的，由财政帮您付利息，每季度申请一次。",
        "summary_en": "If you have a start-up guarantee loan, the government pays the interest "
        "for you; apply once every three months.",
        "description_zh": "借到创业担保贷款后，财政按规定给您贴息，您少付或不付利息。"
        "对象是本县户籍、18至60岁、营业执照领取不满3年、按时还款的借款人。"
        "每季度带上银行的利息清单申请，审核通过后钱直接打到您的账户。"
        "和贷款一样，几个部门会一起审核。",
        "description_en": "Once you have a start-up guarantee loan, the government pays part or "
        "all of the interest, as the rules allow. It is for borrowers with a hukou in this "
        "county, aged 18 to 60, whose business licence is less than 3 years old and who repay "
        "on time. Apply every three months with the bank's interest statement; once approved, "
        "the money goes straight to your account. As with the loan, several departments "
        "review the application together.",
        "benefit_min": None,
        "benefit_max": None,
        "benefit_text_zh": "按规定贴息，您少付或不付利息",
        "benefit_text_en": "The government pays part or all of the loan interest",
        "documents": ["id_card", "business_licence", "bank_statement"],
        "rules": {
            "all": [
                HUKOU_IN_COUNTY,
                {"fact": "age", "op": "between", "value": [18, 60]},
                _licence_months(0, 36),
            ]
        },
        "opens_days": -90,
        "closes_days": None,
        "sla_days": 20,
        "policy_reference": "",
        "channel": "both",
    },
    {
        "slug": "one-time-startup-subsidy",
        "department": "hrss",
        "parks": DIANJIANG_PARKS,
        "kind": "subsidy",
        "title_zh": "重点群体一次性创业补贴",
        "title_en": "One-time start-up subsidy for key groups",
        "summary_zh": "贫困家庭子女、高校毕业生、登记失业人员、农村转移劳动力创业不满1年，"
        "一次性补贴5000元。",
        "summary_en": "A one-off 5,000 CNY for children of poor families, college graduates, "
        "registered unemployed people and transferred rural labourers whose business is less "
        "than a year old.",
        "description_zh": "按照《关于发放重点群体一次性创业补贴的通知》（渝人社发〔2018〕117号），"
        "贫困家庭子女、高校毕业生、登记失业人员和农村转移劳动力在本县创业，"
        "营业执照领取不满1年并正常经营的，可以领取一次性创业补贴5000元。"
        "申请人须是本县户籍。请带上能证明您属于这些人群的材料，例如困难家庭证明、"
        "毕业证书或就业失业登记证。",
        "description_en": "Under the Notice on Granting One-time Start-up Subsidies for Key "
        "Groups (YRSF [2018] No. 117), children of poor families, college graduates, "
        "registered unemployed people and transferred rural labourers who start a business in "
        "this county, and whose business licence is less than 1 year old and still running, "
        "get a one-off subsidy of 5,000 CNY. You must have a hukou in this county. Bring a "
        "paper that shows which group you belong to, such as a poor-family certificate, a "
        "graduation certificate or a registered unemployment card.",
        "benefit_min": "5000.00",
        "benefit_max": "5000.00",
        "benefit_text_zh": "一次性补贴5000元",
        "benefit_text_en": "A one-off 5,000 CNY",
        "documents": ["id_card", "hukou_booklet", "business_licence", "lease_contract"],
        "rules": {
            "all": [
                {
                    "fact": "five_types",
                    "op": "any_of",
                    "value": [
                        "poor_family",
                        "fresh_graduate",
                        "registered_unemployed",
                        "transferred_rural_labourer",
                    ],
                },
                _licence_months(0, 12),
                HUKOU_IN_COUNTY,
            ]
        },
        "opens_days": -120,
        "closes_days": None,
        "sla_days": 20,
        "policy_reference": "YRSF [2018] No. 117",
        "channel": "both",
        "once_per_person": True,
    },
    {
        "slug": "sme-subsidy",
        "department": "market",
        "parks": DIANJIANG_PARKS,
        "kind": "subsidy",
        "title_zh": "小微企业扶持补贴",
        "title_en": "Subsidy for small and micro enterprises",
        "summary_zh": "成立不满3年的小微企业，按雇用人数补贴2000至10000元。",
        "summary_en": "Small and micro enterprises less than 3 years old get 2,000 to 10,000 "
        "CNY, depending on how many people they employ.",
        "description_zh": "县市场监管局给新办的小微企业一次性补贴，帮助解决起步时缺钱的困难。"
        "营业执照领取不满3年、正常经营的小微企业都可以申请，补贴金额按雇用人数确定，"
        "从2000元到10000元不等。请带上营业执照、经营场地租赁合同和银行流水。",
        "description_en": "The Market Supervision Bureau gives new small and micro enterprises a "
        "one-off subsidy to help with money in the first years. Any small or micro enterprise "
        "that is running and whose business licence is less than 3 years old can apply; the "
        "amount, from 2,000 to 10,000 CNY, depends on how many people you employ. Bring your "
        "business licence, the lease for your premises and a bank statement.",
        "benefit_min": "2000.00",
        "benefit_max": "10000.00",
        "benefit_text_zh": "按雇用人数一次性补贴2000至10000元",
        "benefit_text_en": "A one-off 2,000 to 10,000 CNY, by number of employees",
        "documents": ["id_card", "business_licence", "lease_contract", "bank_statement"],
        "rules": {"all": [_licence_months(0, 36)]},
        "opens_days": -60,
        "closes_days": 3,
        "sla_days": 15,
        "policy_reference": "",
        "channel": "both",
    },
    {
        "slug": "registration-guidance",
        "department": "market",
        "parks": DIANJIANG_PARKS,
        "kind": "guidance",
        "title_zh": "企业注册登记指导",
        "title_en": "Guidance on registering a business",
        "summary_zh": "不知道怎么办营业执照？工作人员一对一帮您办，登记费用可以减免。",
        "summary_en": "Not sure how to get a business licence? Staff help you one to one, and "
        "registration fees can be reduced.",
        "description_zh": "想开店、办厂或成立公司，可以到园区一站式服务中心或在网上找我们。"
        "工作人员会告诉您选哪种企业类型、准备什么材料、怎样在网上提交，帮您办好营业执照，"
        "并告诉您哪些登记费用可以减免。谁都可以来问，不收费。",
        "description_en": "If you want to open a shop or a workshop or set up a company, come "
        "to the park's one-stop service centre or ask us online. Staff explain which type of "
        "business to choose, which papers to prepare and how to apply online, help you get "
        "your business licence, and tell you which registration fees can be reduced. Anyone "
        "can ask; it is free.",
        "benefit_min": None,
        "benefit_max": None,
        "benefit_text_zh": "免费指导办理营业执照，减免登记费用",
        "benefit_text_en": "Free help to get your business licence; reduced registration fees",
        "documents": ["id_card"],
        "rules": {"all": []},
        "opens_days": -180,
        "closes_days": None,
        "sla_days": 5,
        "policy_reference": "",
        "channel": "both",
        "provides": "has_business_licence",
    },
    {
        "slug": "scitech-enterprise-support",
        "department": "scitech",
        "parks": ["dianjiang-industrial-park", "dianjiang-startup-park"],
        "kind": "subsidy",
        "title_zh": "科技型企业扶持",
        "title_en": "Support for science and technology enterprises",
        "summary_zh": "做信息技术、电商或芯片、物联网、5G、人工智能等科技项目的企业，"
        "可申请研发补助。",
        "summary_en": "Businesses in information technology or in fields such as chips, IoT, 5G "
        "and AI can apply for grants for research and new products.",
        "description_zh": "县科技局扶持成立不满5年的科技型企业，帮助购买研发设备、开发新产品、"
        "申请专利。企业须从事信息技术，或属于芯片、物联网、5G、人工智能等技术领域。"
        "根据项目情况最高补助5万元，还可以帮您联系高校和专家。",
        "description_en": "The Science and Technology Bureau supports technology businesses "
        "less than 5 years old with money for research equipment, new products and patents. "
        "The business must work in information technology or in a technology field such as "
        "chips, IoT, 5G or AI. Depending on the project you can get up to 50,000 CNY, and we "
        "can put you in touch with universities and experts.",
        "benefit_min": None,
        "benefit_max": "50000.00",
        "benefit_text_zh": "按项目最高补助5万元",
        "benefit_text_en": "Up to 50,000 CNY, depending on the project",
        "documents": ["id_card", "business_licence", "business_plan", "diploma"],
        "rules": {
            "all": [
                _licence_months(0, 60),
                {
                    "any": [
                        {"fact": "industry", "op": "eq", "value": "it"},
                        {"fact": "sector", "op": "in", "value": ALL_TECH_SECTORS},
                    ]
                },
            ]
        },
        "opens_days": -30,
        "closes_days": 90,
        "sla_days": 20,
        "policy_reference": "",
        "channel": "online",
    },
    {
        "slug": "agri-entrepreneurship-support",
        "department": "agri",
        "parks": ["changlong-startup-park", "longqiao-startup-park"],
        "kind": "subsidy",
        "title_zh": "农业创业项目扶持",
        "title_en": "Support for farming start-up projects",
        "summary_zh": "本县农村户籍的返乡人员搞种植、养殖、农产品加工，可申请项目补助和技术指导。",
        "summary_en": "Returnees with a rural hukou in this county who start crop, livestock or "
        "food-processing projects can get grants and advice from technicians.",
        "description_zh": "县农业农村委扶持返乡人员在本县搞种植、养殖、农产品加工、乡村旅游等"
        "农业创业项目，最高补助3万元，并派技术员上门指导。申请人须是本县农村户籍。"
        "请带上创业计划书和土地流转或租赁合同。",
        "description_en": "The Agriculture and Rural Affairs Commission supports returnees who "
        "start farming projects in this county (crops, livestock, food processing, farm "
        "tourism) with grants of up to 30,000 CNY and visits from a technician. You must have "
        "a rural hukou registered in this county. Bring a business plan and your land transfer "
        "or lease contract.",
        "benefit_min": None,
        "benefit_max": "30000.00",
        "benefit_text_zh": "最高补助3万元，技术员上门指导",
        "benefit_text_en": "Up to 30,000 CNY and visits from a technician",
        "documents": ["id_card", "hukou_booklet", "business_plan", "lease_contract"],
        "rules": {
            "all": [
                {"fact": "industry", "op": "eq", "value": "agriculture"},
                {"fact": "hukou", "op": "eq", "value": "rural"},
                HUKOU_IN_COUNTY,
            ]
        },
        "opens_days": -45,
        "closes_days": 45,
        "sla_days": 20,
        "policy_reference": "CMGO [2017] No. 70",
        "channel": "offline",
    },
    {
        "slug": "startup-tax-relief",
        "department": "tax",
        "parks": DIANJIANG_PARKS,
        "kind": "tax_relief",
        "title_zh": "创业税费减免",
        "title_en": "Tax relief for new businesses",
        "summary_zh": "登记失业人员、贫困家庭人员和高校毕业生创业，3年内每年最多少交2万元税费。",
        "summary_en": "Registered unemployed people, members of poor families and college "
        "graduates who start a business pay up to 20,000 CNY less tax a year for 3 years.",
        "description_zh": "重点人群自己开店经营的，3年内每户每年最多减免2万元，依次从增值税、"
        "城市维护建设税、教育费附加和个人所得税中扣减。对象是登记失业人员、贫困家庭人员和"
        "高校毕业生，营业执照领取不满3年。可以在电子税务局网上办，也可以到办税服务厅，"
        "工作人员会教您怎么填表。",
        "description_en": "People in key groups who run their own business pay less tax for 3 "
        "years: up to 20,000 CNY per business each year is taken off VAT, city construction "
        "tax, education surcharges and personal income tax, in that order. It is for "
        "registered unemployed people, members of poor families and college graduates whose "
        "business licence is less than 3 years old. Apply online at the electronic tax bureau "
        "or at the tax service hall, where staff show you how to fill in the form.",
        "benefit_min": None,
        "benefit_max": "20000.00",
        "benefit_text_zh": "3年内每年最多减免2万元",
        "benefit_text_en": "Up to 20,000 CNY less tax each year for 3 years",
        "documents": ["id_card", "business_licence"],
        "rules": {
            "all": [
                {
                    "fact": "five_types",
                    "op": "any_of",
                    "value": ["poor_family", "fresh_graduate", "registered_unemployed"],
                },
                _licence_months(0, 36),
            ]
        },
        "opens_days": -365,
        "closes_days": None,
        "sla_days": 10,
        "policy_reference": "",
        "channel": "both",
    },
    {
        "slug": "daycare-centre",
        "department": "civil",
        "parks": ["dianjiang-industrial-park", "dianjiang-startup-park"],
        "kind": "social_service",
        "title_zh": "园区托育中心",
        "title_en": "Daycare centre in the park",
        "summary_zh": "家有3岁以下孩子的，上班时可以把孩子送到园区托育中心，收费低。",
        "summary_en": "Parents of children under 3 can leave them at the park's daycare centre "
        "while they work, for a low fee.",
        "description_zh": "为了让爸爸妈妈，特别是妈妈们能安心上班，园区开办了普惠托育中心，"
        "工作日白天照看3岁以下的孩子，还设有母婴室，方便喂奶。家里有3岁以下孩子的都可以"
        "报名，名额有限，按报名先后安排。",
        "description_en": "So that parents, and mothers above all, can go to work with peace of "
        "mind, the park runs an affordable daycare centre that looks after children under 3 "
        "during the working day, with a room for feeding babies. Anyone with a child under 3 "
        "can sign up; places are limited and given in the order people apply.",
        "benefit_min": None,
        "benefit_max": None,
        "benefit_text_zh": "收费低，工作日白天全程照看",
        "benefit_text_en": "Low fees; care for the whole working day",
        "documents": ["id_card", "hukou_booklet", "child_birth_certificate"],
        "rules": {"all": [{"fact": "children_under_3", "op": "gte", "value": 1}]},
        "opens_days": -30,
        "closes_days": None,
        "sla_days": 10,
        "policy_reference": "",
        "channel": "offline",
    },
    {
        "slug": "left-behind-children-support",
        "department": "civil",
        "parks": ["dianjiang-startup-park", "changlong-startup-park", "longqiao-startup-park"],
        "kind": "social_service",
        "title_zh": "留守儿童关爱服务",
        "title_en": "Support for left-behind children and their families",
        "summary_zh": "父母在外打工或刚回乡的家庭，孩子可以得到课后辅导、心理关爱和社工上门服务。",
        "summary_en": "Children whose parents work away or have just come back can get help "
        "with homework, someone to talk to and visits from social workers.",
        "description_zh": "县民政局为留守儿童和困境儿童提供关爱服务：社工上门看望、课后学习辅导、"
        "心理疏导，也帮助照看孩子的爷爷奶奶学习怎样教育孩子。本县户籍的农村家庭，或者"
        "父母曾经外出打工的本县家庭，都可以申请，服务免费。",
        "description_en": "The Civil Affairs Bureau supports left-behind children and children "
        "in difficulty: social workers visit, children get help with homework and someone to "
        "talk to, and the grandparents who look after them learn how to help with school. "
        "Families with a hukou in this county who have a rural hukou, or where a parent has "
        "worked away from home, can apply. The service is free.",
        "benefit_min": None,
        "benefit_max": None,
        "benefit_text_zh": "免费上门关爱和课后辅导",
        "benefit_text_en": "Free home visits and help with homework",
        "documents": ["id_card", "hukou_booklet", "child_birth_certificate"],
        "rules": {
            "all": [
                HUKOU_IN_COUNTY,
                {
                    "any": [
                        {"fact": "hukou", "op": "eq", "value": "rural"},
                        {"fact": "years_away", "op": "gte", "value": 1},
                    ]
                },
            ]
        },
        "opens_days": -90,
        "closes_days": None,
        "sla_days": 10,
        "policy_reference": "CMG [2016] No. 27",
        "channel": "offline",
    },
    {
        "slug": "female-entrepreneurs-association",
        "department": "women",
        "jurisdiction": CHANGSHOU,
        "parks": ["changshou-industrial-park"],
        "kind": "social_service",
        "title_zh": "女性创业者协会",
        "title_en": "Female entrepreneurs' association",
        "summary_zh": "设在长寿区的女性创业者交流平台：分享政策和资金信息，一起商量创业想法。",
        "summary_en": "A meeting place for women entrepreneurs in Changshou: share news on "
        "policies and funding, and talk through your ideas and projects.",
        "description_zh": "女性创业者协会设在长寿区，由妇联组织，定期举办交流会、讲座和一对一辅导，"
        "分享最新的扶持政策、法规和资金信息。已经创业或想创业的女性都可以免费加入，"
        "和其他姐妹一起讨论想法和项目，互相帮忙。",
        "description_en": "The female entrepreneurs' association meets in Changshou District and "
        "is run by the Women's Federation. It holds regular meetings, talks and one-to-one "
        "mentoring, and shares news on support policies, regulations and funding. Any woman "
        "who runs a business or wants to start one can join for free and talk through ideas "
        "and projects with other women.",
        "benefit_min": None,
        "benefit_max": None,
        "benefit_text_zh": "免费入会，参加交流会和辅导",
        "benefit_text_en": "Free membership, meetings and mentoring",
        "documents": ["id_card", "photo"],
        "rules": {"all": [{"fact": "gender", "op": "eq", "value": "female"}]},
        "opens_days": -60,
        "closes_days": None,
        "sla_days": 5,
        "policy_reference": "",
        "appeal_zh": "如对入会结果有异议，可在收到通知之日起60日内向县妇联申请复核。",
        "appeal_en": "If you disagree with the decision, ask the Women's Federation to review it "
        "within 60 days of receiving it.",
        "channel": "both",
    },
    {
        "slug": "overseas-talent-incentive",
        "department": "scitech",
        "parks": ["dianjiang-industrial-park"],
        "kind": "talent_incentive",
        "title_zh": "海外留学人才回乡创业激励",
        "title_en": "Incentive for talent returning from abroad",
        "summary_zh": "留学或在国外工作后回来，从事芯片、物联网、5G或人工智能的本科以上人才，"
        "可获安家和项目补助。",
        "summary_en": "People with a bachelor's degree or higher who come back from study or "
        "work abroad to work in semiconductors, IoT, 5G or AI can get settling-in and project "
        "grants.",
        "description_zh": "为吸引在国外读书和工作的人才回乡创新创业，县科技局对从事芯片、物联网、"
        "5G、人工智能的回国人才给予5万至20万元安家和项目补助，并帮助解决研发场地、"
        "联系国内上下游企业。申请人须有本科及以上学历，并提供留学回国人员证明或国外学历"
        "学位认证。",
        "description_en": "To attract people who studied or worked abroad, the Science and "
        "Technology Bureau gives returnees who work in semiconductors, IoT, 5G or AI 50,000 to "
        "200,000 CNY for settling in and for their projects, and helps them find research "
        "space and suppliers and partners in China. You need a bachelor's degree or higher, "
        "and proof of study abroad or a certified overseas degree.",
        "benefit_min": "50000.00",
        "benefit_max": "200000.00",
        "benefit_text_zh": "安家和项目补助5万至20万元",
        "benefit_text_en": "50,000 to 200,000 CNY for settling in and for projects",
        "documents": ["id_card", "overseas_degree", "diploma", "business_plan", "photo"],
        "rules": {
            "all": [
                {"fact": "returned_from_abroad", "op": "eq", "value": True},
                {"fact": "sector", "op": "in", "value": ["semiconductors", "iot", "5g", "ai"]},
                {"fact": "education", "op": "gte", "value": "university"},
            ]
        },
        "opens_days": -15,
        "closes_days": 120,
        "sla_days": 30,
        "policy_reference": "",
        "channel": "online",
    },
]

# The Box 3 trainings and the start-up finance are municipal policies that every district's
# HRSS bureau delivers: owned by the municipal bureau, offered in every park.
MUNICIPAL = {
    "vocational-skills-training",
    "gyb-training",
    "syb-training",
    "online-startup-training",
    "iyb-training",
    "micro-enterprise-training",
    "startup-guarantee-loan",
    "loan-interest-subsidy",
    "one-time-startup-subsidy",
}

# Who reviews a disputed decision: the owning department, then administrative reconsideration.
_DIANJIANG_REVIEWERS = {
    "hrss": ("县人力社保局", "the HRSS Bureau"),
    "market": ("县市场监管局", "the Market Supervision Bureau"),
    "scitech": ("县科技局", "the Science and Technology Bureau"),
    "agri": ("县农业农村委", "the Agriculture and Rural Affairs Commission"),
    "tax": ("县税务局", "the Taxation Bureau"),
    "civil": ("县民政局", "the Civil Affairs Bureau"),
    "women": ("县妇联", "the Women's Federation"),
}
_REVIEWERS = {
    (MUNICIPALITY, "hrss"): ("您所在区县的人力社保局", "the HRSS Bureau of your district"),
    (CHANGSHOU, "women"): ("长寿区妇联", "the Changshou District Women's Federation"),
    **{(DIANJIANG, code): names for code, names in _DIANJIANG_REVIEWERS.items()},
}
for _programme in PROGRAMMES:
    # Shared parts (FIVE_TYPES_RULE, DIANJIANG_PARKS) become each programme's own copy.
    _programme["rules"] = copy.deepcopy(_programme["rules"])
    _programme["parks"] = list(_programme["parks"])
    _programme.setdefault("sessions", [])
    for _session in _programme["sessions"]:  # the places named are Dianjiang's
        _session.setdefault("jurisdiction", DIANJIANG)
    if _programme["slug"] in MUNICIPAL:
        _programme["jurisdiction"] = MUNICIPALITY
        _programme["parks"].append("changshou-industrial-park")
        if _programme["sessions"]:  # a municipal training runs in Changshou too
            _programme["sessions"].append(
                {
                    "jurisdiction": CHANGSHOU,
                    "starts_in_days": _programme["sessions"][0]["starts_in_days"] + 7,
                    "days": _programme["sessions"][0]["days"],
                    "place_zh": "长寿区工业园区一站式服务中心培训室",
                    "place_en": "Training Room, One-stop Service Centre, Changshou District "
                    "Industrial Park",
                    "seats": 30,
                }
            )
    _programme.setdefault("jurisdiction", DIANJIANG)
    _reviewer_zh, _reviewer_en = _REVIEWERS[(_programme["jurisdiction"], _programme["department"])]
    _programme.setdefault(
        "appeal_zh",
        f"如对结果有异议，可在收到决定之日起60日内向{_reviewer_zh}申请复核，"
        "也可以依法申请行政复议。",
    )
    _programme.setdefault(
        "appeal_en",
        f"If you disagree with the decision, ask {_reviewer_en} to review it within 60 days "
        "of receiving it, or apply for administrative reconsideration.",
    )
    _programme.setdefault("policy_url", "")
    _programme.setdefault("status", "published")
